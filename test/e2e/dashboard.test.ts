/**
 * The dashboard in a real browser: it loads, its charts hold the data, its controls work.
 * Screenshots (light and dark) land in artifacts/ for people to look at.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { ARTIFACTS, launchBrowser, ROOT, startTestServer } from './browser.js';

let server: RunningServer;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

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
    await expect.poll(() => page.locator('#panel-hashprice .marker[data-label="halving 2024"]').count()).toBe(1);
    expect(await page.locator('#panel-hashprice .note').count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(/^\$\d+\.\d\d/);
    await page.locator('#panel-hashprice').screenshot({ path: `${ARTIFACTS}hashprice.png` });
  });

  it('switches hashprice to BTC', async () => {
    await page.getByTestId('unit-toggle').selectOption('btc');
    await expect.poll(() => page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(/^0\.000\d+ BTC$/);
    await page.getByTestId('unit-toggle').selectOption('usd');
  });

  it('draws the supply curve to the last subsidy with halvings marked', async () => {
    const chart = page.locator('#panel-supply .chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(600);
    await expect.poll(() => page.locator('#panel-supply .marker[data-label="2024"]').count()).toBe(1);
  });

  it('is readable in light and dark (screenshots in artifacts/)', async () => {
    await page.screenshot({ path: `${ARTIFACTS}dashboard-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.screenshot({ path: `${ARTIFACTS}dashboard-dark.png`, fullPage: true });
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(15, 18, 22)');
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
    // S21 XP (3,645 W): 50 USD/MWh more costs 3.645 kW · 24 h · 0.05 = 4.37 USD/day
    expect(at40 - at90).toBeCloseTo(4.37, 1);
    await page.locator('#panel-machines').screenshot({ path: `${ARTIFACTS}breakeven-table.png` });
  });
});

describe('fleet view', () => {
  it('uploads the example fleet and shows its report', async () => {
    await page.getByTestId('fleet-file').setInputFiles(`${ROOT}examples/fleet.yaml`);
    await page.waitForSelector('#panel-fleet[data-fleet]', { timeout: 15_000 });
    expect(await page.locator('[data-testid="fleet-size"] b').textContent()).toMatch(/^\d+\.\d\d EH\/s$/);
    expect(await page.locator('[data-testid="fleet-cash-cost"] b').textContent()).toMatch(/^\$\d{2,3},\d{3}$/);
    expect(Number(await page.locator('#panel-fleet .chart').getAttribute('data-points'))).toBeGreaterThan(12);
    expect(await page.locator('#panel-fleet .status.error').count()).toBe(0);
    await page.locator('#panel-fleet').screenshot({ path: `${ARTIFACTS}fleet.png` });
  });

  it('plans the uploaded fleet and draws the dispatch heatmap', async () => {
    await page.waitForSelector('[data-testid="dispatch-heatmap"][data-days="92"]', { timeout: 20_000 });
    expect(await page.locator('[data-testid="dispatch-heatmap"] div').count()).toBe(92 * 24);
    expect(await page.locator('#panel-dispatch .kpi b').first().textContent()).toMatch(/^\$[\d,]+$/);
    await page.locator('#panel-dispatch').screenshot({ path: `${ARTIFACTS}dispatch.png` });
  });
});

describe('pivot valuation', () => {
  it('values the example sites: NPV ranges and win probabilities', async () => {
    await page.getByTestId('pivot-example').click();
    await page.waitForSelector('#panel-pivot[data-sites]', { timeout: 30_000 });
    expect(await page.locator('#panel-pivot .range').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#panel-pivot .status.error').count()).toBe(0);
    await page.locator('#panel-pivot').screenshot({ path: `${ARTIFACTS}pivot.png` });
  });
});

describe('layout and docs', () => {
  it('fits a phone-width screen without sideways scrolling', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await phone.goto(server.url);
    await phone.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    const overflow = await phone.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${ARTIFACTS}dashboard-phone.png` });
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
