/**
 * The dashboard in a real browser: it loads, its charts hold the data, its controls work.
 * Screenshots (light and dark) land in artifacts/ for people to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { ARTIFACTS, launchBrowser, ROOT, startTestServer } from './browser.js';
import { pixelShares } from './pixels.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
// Panel screenshots taller than the viewport scroll; a sticky page header would be drawn across them.
const STATIC_HEADER = '.top { position: static !important; }';

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    // A 400 the page handles (e.g. no history to default a field) is logged by Chromium; not a script error.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard (headless Chromium)', () => {
  it('loads with every panel and no script errors', async () => {
    expect(await page.title()).toMatch(/hashfloor/);
    const errors = await page.locator('.status.error').allTextContents();
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('draws the whole hashprice history with the 2024 halving and record lows', async () => {
    const chart = page.locator('#panel-hashprice .chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(6000);
    // It opens on the last 12 months; the whole history is one button away.
    expect(await page.locator('#panel-hashprice button[data-range="1Y"]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#panel-hashprice button[data-range="all"]').click();
    await expect.poll(() => page.locator('#panel-hashprice .marker[data-label="halving 2024"]').count()).toBe(1);
    expect(await page.locator('#panel-hashprice .note').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(/^\$\d+\.\d\d/);
    await page.locator('#panel-hashprice').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}hashprice-all.png` });
    await page.locator('#panel-hashprice button[data-range="1Y"]').click();
    await page.locator('#panel-hashprice').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}hashprice.png` });
  });

  it('switches hashprice to BTC', async () => {
    await page.getByTestId('unit-toggle').selectOption('btc');
    await expect.poll(() => page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(/^0\.000\d+ BTC$/);
    // The BTC record lows are the hashvalue's own (2025-11-09), not the USD lows' days (2026-02-05).
    await expect.poll(() => page.getByTestId('hashprice-low').textContent()).toMatch(/^0\.000405 BTCall-time low, 2025-11-09$/);
    await expect.poll(() => page.getByTestId('hashprice-lows').textContent()).toContain('all-time low 2025-11-09: 0.000405 BTC');
    await page.getByTestId('unit-toggle').selectOption('usd');
  });

  it('draws the supply curve to the last subsidy with halvings marked', async () => {
    const chart = page.locator('#panel-supply .chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(600);
    await expect.poll(() => page.locator('#panel-supply .marker[data-label="2024"]').count()).toBe(1);
  });

  it('compares the halving cycles on days since each halving', async () => {
    const chart = page.locator('#panel-cycles .chartbox');
    await expect.poll(() => chart.getAttribute('data-cycles')).not.toBeNull();
    expect(Number(await chart.getAttribute('data-cycles'))).toBeGreaterThanOrEqual(3);
    // 2012, 2016, 2020 and 2024 halvings (and genesis) each get a legend entry.
    const legend = await page.locator('#panel-cycles .u-legend .u-series .u-label').allTextContents();
    for (const y of ['2012', '2016', '2020', '2024']) expect(legend).toContain(`halving ${y}`);
    // x runs over days since halving: the longest cycle (2020: 1,440 days) sets it.
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(1440);
    expect(await page.locator('#panel-cycles .status').textContent()).toMatch(/^Day \d[\d,]* of the 2024 cycle/);
    await page.getByTestId('cycles-mode').selectOption('usd');
    await expect.poll(() => chart.getAttribute('data-mode')).toBe('usd');
    await page.locator('#panel-cycles').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}cycles.png` });
  });

  it('projects the security budget to the last subsidy around 2140', async () => {
    const end = page.locator('[data-testid="budget-end"] b');
    await expect.poll(() => end.textContent()).toBe('~2140');
    const chart = page.locator('#panel-budget .chartbox');
    expect((await chart.getAttribute('data-last-date'))?.slice(0, 4)).toBe('2140');
    expect(await page.locator('#panel-budget .marker[data-label="last subsidy ~2140"]').count()).toBe(1);
    expect(await chart.getAttribute('data-scenarios')).toBe('2');
    // A custom growth rate adds a third scenario.
    await page.getByTestId('budget-price-growth').fill('5');
    await expect.poll(() => chart.getAttribute('data-scenarios')).toBe('3');
    await page.locator('#panel-budget').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}security-budget.png` });
  });

  it.each(['light', 'dark'] as const)('keeps text contrast ≥ 4.5:1 and chart colours ≥ 3:1 on the cards (%s, WCAG AA)', async (scheme) => {
    await page.emulateMedia({ colorScheme: scheme });
    const ratios = await page.evaluate<Record<string, number>>(`(() => {
      const css = getComputedStyle(document.documentElement);
      const rgb = (name) => { const h = css.getPropertyValue(name).trim(); return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255); };
      const lum = (c) => { const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const card = lum(rgb('--card'));
      const out = {};
      for (const n of ['--fg', '--mut', '--acc', '--bad', '--good', '--c1', '--c2', '--c3', '--c4', '--c5']) { const l = lum(rgb(n)); out[n] = (Math.max(l, card) + 0.05) / (Math.min(l, card) + 0.05); }
      return out;
    })()`);
    for (const n of ['--fg', '--mut', '--acc', '--bad', '--good']) expect(ratios[n], n).toBeGreaterThanOrEqual(4.5);
    for (const n of ['--c1', '--c2', '--c3', '--c4', '--c5']) expect(ratios[n], n).toBeGreaterThanOrEqual(3);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('is readable in light and dark (screenshots in artifacts/)', async () => {
    // From the top: a full-page shot of a scrolled page draws the sticky header mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    expect(await page.evaluate('[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]')).toEqual([
      'rgb(246, 247, 249)', // --bg, light
      'rgb(27, 31, 36)', // --fg, light
    ]);
    const light = await pixelShares(browser, await page.screenshot({ path: `${ARTIFACTS}dashboard-light.png`, fullPage: true }));
    // The whole page (3,665 px tall when measured), not the viewport: light background and cards
    // (94.6% of pixels) with dark text on them (0.55%). A blank page has no dark pixels; a page
    // that lost its light theme has few light ones.
    expect(light.width).toBe(1400);
    expect(light.height).toBeGreaterThan(2000);
    expect(light.light).toBeGreaterThan(0.9);
    expect(light.dark).toBeGreaterThan(0.002);
    expect(light.dark).toBeLessThan(0.05);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    const dark = await pixelShares(browser, await page.screenshot({ path: `${ARTIFACTS}dashboard-dark.png`, fullPage: true }));
    expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(15, 18, 22)');
    // Measured 96.6% dark pixels, 0.35% light text.
    expect(dark.dark).toBeGreaterThan(0.9);
    expect(dark.light).toBeGreaterThan(0.002);
    expect(dark.light).toBeLessThan(0.05);
    await page.emulateMedia({ colorScheme: 'light' });
  });
});

describe('breakeven table', () => {
  it('updates when the power price changes', async () => {
    const hp = page.getByTestId('hashprice-input');
    if ((await hp.inputValue()) === '') await hp.fill('35.06');
    const cell = page.locator('[data-testid="breakeven-table"] tr[data-model="antminer-s21-xp"] td[data-col="margin"]');
    await page.getByTestId('power-price').fill('40');
    await expect.poll(() => page.locator('#panel-machines').getAttribute('data-power')).toBe('40');
    const at40 = Number((await cell.textContent())?.replace(/,/g, ''));
    await page.getByTestId('power-price').fill('90');
    await expect.poll(() => page.locator('#panel-machines').getAttribute('data-power')).toBe('90');
    const at90 = Number((await cell.textContent())?.replace(/,/g, ''));
    expect(at40).toBeGreaterThan(at90);
    // S21 XP (3,645 W): 50 USD/MWh more costs 3.645 kW · 24 h · 0.05 = 4.374 USD/day; each cell is
    // shown to the cent, so their difference is within 0.01 of it.
    expect(Math.abs(at40 - at90 - 4.374)).toBeLessThanOrEqual(0.0100001);
    await page.locator('#panel-machines').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}breakeven-table.png` });
  });
});

describe('fleet view', () => {
  it('uploads the example fleet and shows its report', async () => {
    await page.getByTestId('fleet-file').setInputFiles(`${ROOT}examples/fleet.yaml`);
    await page.waitForSelector('#panel-fleet[data-fleet]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="fleet-size"] b').textContent()).toMatch(/^\d+\.\d\d EH\/s$/);
    expect(await page.locator('[data-testid="fleet-cash-cost"] b').textContent()).toMatch(/^\$\d{2,3},\d{3}$/);
    expect(Number(await page.getByTestId('fleet-hashcost-chart').getAttribute('data-points'))).toBeGreaterThan(12);
    expect(Number(await page.getByTestId('fleet-cost-chart').getAttribute('data-points'))).toBeGreaterThan(12);
    // What-if grid: 8 BTC prices × 7 power prices, margins falling left to right along each row.
    expect(await page.getByTestId('fleet-sensitivity').getAttribute('data-cells')).toBe('56');
    const firstRow = (await page.locator('[data-testid="fleet-sensitivity"] .grid-table tr').nth(1).locator('td').allTextContents()).slice(1);
    const k = firstRow.map((t) => Number(t.replace(/[$k,]/g, '').replace('−', '-')));
    expect(k).toEqual([...k].sort((a, b) => b - a));
    // The contract that priced each site, named under the grid.
    expect(await page.getByTestId('fleet-contracts').locator('li').allTextContents()).toEqual([
      'tx-west: fixed $38/MWh, unused capacity resold at HB_WEST real-time less $2/MWh',
      'tx-north: index HB_NORTH real-time + $6/MWh',
      expect.stringMatching(/^tx-south: hedged 50% at \$45\/MWh, 30% 14–20h at \$60\/MWh, rest at HB_SOUTH real-time/) as string,
    ]);
    expect(await page.locator('#panel-fleet .status.error').count()).toBe(0);
    await page.locator('#panel-fleet').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}fleet.png` });
  });

  it('lists the uploaded fleet among the stored ones and reopens it', async () => {
    const id = await page.locator('#panel-fleet').getAttribute('data-fleet');
    const saved = page.getByTestId('fleet-saved');
    await expect.poll(() => saved.inputValue()).toBe(id);
    expect(await saved.locator(`option[value="${id}"]`).textContent()).toMatch(/^Example Mining Corp — \d+\.\d\d EH\/s/);
    await saved.selectOption('');
    await saved.selectOption(id ?? '');
    await expect.poll(() => page.locator('#panel-fleet .status').textContent()).toMatch(/^Example Mining Corp: \d+ months/);
  });

  it('plans the uploaded fleet and draws the dispatch heatmap', async () => {
    await page.waitForSelector('[data-testid="dispatch-heatmap"][data-days="92"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="dispatch-heatmap"] div').count()).toBe(92 * 24);
    expect(await page.locator('#panel-dispatch .kpi b').first().textContent()).toMatch(/^\$[\d,]+$/);
    await page.locator('#panel-dispatch').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}dispatch.png` });
  });
});

describe('pivot valuation', () => {
  it('values the example sites: NPV ranges and win probabilities', async () => {
    await page.getByTestId('pivot-example').click();
    await page.waitForSelector('#panel-pivot[data-sites]', { timeout: 30_000 });
    expect(await page.locator('#panel-pivot .range').count()).toBeGreaterThanOrEqual(2);
    // A tornado per site, with a bar for each main driver.
    const tornado = page.locator('#panel-pivot [data-testid="tornado"]').first();
    const drivers = await Promise.all((await tornado.locator('.trow').all()).map((r) => r.getAttribute('data-driver')));
    for (const d of ['BTC price now', 'BTC volatility', 'Hashrate growth', 'Power price', 'Lease rate', 'HPC capex', 'Discount rate'])
      expect(drivers).toContain(d);
    // BTC price ±30% moves the case for converting: its bar has width on both sides of the base.
    const widths = await Promise.all(
      (await tornado.locator('.trow[data-driver="BTC price now"] .ttrack i').all()).map(async (b) => (await b.boundingBox())?.width ?? 0),
    );
    expect(widths.reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    // Bars on one axis with zero on it: a line at zero in each bar, losses and gains coloured apart.
    const bars = await page.locator('#panel-pivot .range').count();
    expect(await page.locator('#panel-pivot .range b.zero').count()).toBe(bars);
    expect(await page.locator('#panel-pivot .raxis').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#panel-pivot .range span.neg, #panel-pivot .range span.pos').count()).toBeGreaterThanOrEqual(bars);
    // IRR and the breakevens the CLI prints, per option.
    const head = await page.locator('#panel-pivot table').first().locator('tr').first().locator('th').allTextContents();
    for (const h of ['IRR vs keep', 'breakeven lease', 'breakeven BTC']) expect(head).toContain(h);
    const cells = await page.locator('#panel-pivot table').first().locator('tr').nth(2).locator('td').allTextContents();
    expect(cells.slice(6, 9).some((c) => /\d/.test(c))).toBe(true);
    expect(await page.locator('#panel-pivot .status.error').count()).toBe(0);
    await page.locator('#panel-pivot').screenshot({ style: STATIC_HEADER, path: `${ARTIFACTS}pivot.png` });
  });
});

describe('layout and docs', () => {
  it.each(['light', 'dark'] as const)('fits a phone-width screen without sideways scrolling (%s)', { timeout: 60_000 }, async (scheme) => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme: scheme });
    await phone.goto(server.url);
    await phone.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    // No card sticks out of the viewport either (a clipped chart or table would hide data).
    // With the fleet, its dispatch plan and the pivot valuation shown too (their tables are the widest).
    await phone.getByTestId('fleet-example').click();
    await phone.waitForSelector('[data-testid="dispatch-heatmap"][data-days]', { timeout: 20_000 });
    await phone.getByTestId('pivot-example').click();
    await phone.waitForSelector('#panel-pivot[data-sites]', { timeout: 30_000 });
    // No card sticks out of the viewport, and nothing sticks out of a card (clipped data).
    const widest = await phone.evaluate('Math.max(...[...document.querySelectorAll(".card")].map((c) => c.getBoundingClientRect().right))');
    expect(widest).toBeLessThanOrEqual(390);
    const spilling = await phone.evaluate('[...document.querySelectorAll(".card")].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.id)');
    expect(spilling).toEqual([]);
    expect(await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth')).toBeLessThanOrEqual(0);
    await phone.evaluate('window.scrollTo(0, 0)');
    await phone.screenshot({ path: `${ARTIFACTS}dashboard-phone-${scheme}.png`, fullPage: true });
    await phone.close();
  });

  it('renders the API docs from /openapi.json, offline', async () => {
    const docs = await browser.newPage();
    await docs.goto(`${server.url}docs`);
    await docs.waitForSelector('details summary');
    expect(await docs.locator('details').count()).toBeGreaterThan(15);
    await docs.screenshot({ path: `${ARTIFACTS}docs.png` });
    await docs.close();
  });
});
