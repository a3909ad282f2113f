/**
 * The charts and panels in a real browser: labels never cover the line (1440 and 390 px, light
 * and dark, USD and BTC, every range button, log on and off), each range button sets the x scale,
 * hover shows values with units, exports hold what is shown (the API's rows), every panel says how
 * old its data is, and at phone width every action sends its request on the first click.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { launchBrowser, ROOT, startTestServer } from './browser.js';
import { legendRows, readHook, sweepRanges, type HookRead } from './chart-hook.js';
import { labelsOverData } from './geometry.js';

let server: RunningServer;
let browser: Browser;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 40_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(width: number, scheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 }, colorScheme: scheme, acceptDownloads: true });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return page;
}

const api = async <T>(path: string): Promise<T> => (await fetch(`${server.url}${path.slice(1)}`)).json() as Promise<T>;
const csvOf = async (d: Download): Promise<string[]> =>
  readFileSync((await d.path()) ?? '', 'utf8')
    .trim()
    .split('\n');
const cell = (v: number | string | null) => (v === null ? '' : String(v));

/** x-scale minimum a range button should set, from calendar arithmetic on the last day. */
function expectedMin(range: string, first: number, last: number): number {
  const months: Record<string, number> = { '3M': 3, '1Y': 12, '2Y': 24, '5Y': 60 };
  const d = new Date(last * 1000);
  const m = months[range];
  if (m !== undefined) return Math.max(first, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, d.getUTCDate()) / 1000);
  if (range === 'halving') return Math.max(first, Date.parse('2024-04-20T00:00:00Z') / 1000);
  return first;
}

const TIME_CHARTS = [
  { id: 'hashprice', panel: '#panel-hashprice' },
  { id: 'fees', panel: '#panel-fees' },
  { id: 'retargets', panel: '#panel-network' },
];

/** A drawn line and no label over it; returns how many labels were checked. */
function offTheLine(r: HookRead, what: string): number {
  expect(r.lines.flat().length, `${what}: a line is drawn`).toBeGreaterThan(1);
  expect(labelsOverData(r.labels, r.lines), what).toEqual([]);
  return r.labels.length;
}

describe.each([1440, 390])('charts at %i px', (width) => {
  it.each(['light', 'dark'] as const)('no label covers the line, and each range button sets its range (%s)', { timeout: 90_000 }, async (scheme) => {
    const page = await open(width, scheme);
    let checked = 0;
    for (const unit of ['usd', 'btc']) {
      await page.getByTestId('unit-toggle').selectOption(unit);
      await expect.poll(() => page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(unit === 'btc' ? / BTC$/ : /^\$/);
      for (const c of TIME_CHARTS) {
        const { first, last } = await page.evaluate<{ first: number; last: number }>(`window.__hashfloorCharts.${c.id}.extent()`);
        const reads = await sweepRanges(page, c.id, c.panel);
        expect(reads.map((r) => r.range)).toEqual(['3M', '1Y', '2Y', '5Y', 'halving', 'all']);
        for (const r of reads) {
          const what = `${c.id} ${r.range} ${unit} ${scheme}`;
          expect(r.pressed, what).toBe(true);
          expect(r.x.max, what).toBe(last);
          expect(r.x.min, what).toBe(expectedMin(r.range ?? '', first, last));
          checked += offTheLine(r, what);
        }
      }
      // The long view on the log scale too: the halving and low labels are all there.
      await page.locator('#panel-hashprice .seg button[data-range="all"]').click();
      await page.getByTestId('log-hashprice').check();
      const all = await readHook(page, 'hashprice');
      expect(all.labels.length).toBeGreaterThanOrEqual(width > 1000 ? 6 : 3);
      checked += offTheLine(all, `hashprice all log ${unit}`);
      await page.getByTestId('log-hashprice').uncheck();
      if (unit === 'btc') {
        await expect.poll(() => page.getByTestId('hashprice-change').textContent()).toContain('(BTC)');
        const usd = (await page.locator('#panel-hashprice').innerText()).match(/.{0,30}\bUSD\b.{0,30}/g) ?? [];
        expect(usd).toEqual([]);
      }
    }
    // The supply chart's halving years: all apart from each other and off the line.
    const supply = await readHook(page, 'supply');
    expect(supply.labels.length).toBeGreaterThanOrEqual(2);
    for (const [i, a] of supply.labels.entries())
      for (const b of supply.labels.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left, `${a.text} / ${b.text}`).toBe(true);
    checked += offTheLine(supply, 'supply');
    // Cycles (relative and USD) and the security budget, log and linear: their markers' labels stay off the lines.
    for (const mode of ['relative', 'usd']) {
      await page.getByTestId('cycles-mode').selectOption(mode);
      for (const log of [true, false]) {
        await page.getByTestId('log-cycles').setChecked(log);
        const r = await readHook(page, 'cycles');
        expect(r.labels.map((l) => l.text)).toEqual([expect.stringMatching(/^(today: )?day \d[\d,]*$/)]);
        checked += offTheLine(r, `cycles ${mode} log=${log}`);
      }
    }
    for (const log of [true, false]) {
      await page.getByTestId('log-budget').setChecked(log);
      const r = await readHook(page, 'budget');
      expect(r.labels.map((l) => l.text)).toEqual([expect.stringMatching(/~2140$/)]);
      checked += offTheLine(r, `budget log=${log}`);
    }
    // Labels were there to check: a check over no labels proves nothing.
    expect(checked).toBeGreaterThan(30);
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});

describe('at 1440 px with a fleet', () => {
  let page: Page;
  let fleetId: string;
  beforeAll(async () => {
    page = await open(1440, 'light');
    await page.getByTestId('fleet-example').click();
    await page.waitForSelector('#panel-fleet[data-fleet]', { timeout: 15_000 });
    fleetId = (await page.locator('#panel-fleet').getAttribute('data-fleet')) ?? '';
  }, 40_000);
  afterAll(() => page?.close());

  it('shows exact values with units on hover, on every chart', async () => {
    const ids = await page.evaluate<string[]>('Object.keys(window.__hashfloorCharts)');
    expect(ids.sort()).toEqual(['at-risk', 'budget', 'cycles', 'fees', 'fleet-cost', 'fleet-hashcost', 'hashprice', 'network-band', 'retargets', 'supply']);
    for (const id of ids) {
      const over = page.locator(`[data-testid="chart-${id}"] .u-over`);
      await over.scrollIntoViewIfNeeded();
      const box = (await over.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
      const [x, ...values] = await legendRows(page, id);
      expect(x?.[1], `${id}: x at the cursor`).toMatch(/\d/);
      const shown = values.filter(([, v]) => v !== '—');
      expect(shown.length, `${id}: a value at the cursor`).toBeGreaterThan(0);
      // A number, then its unit (USD/PH/day, BTC/block, %, × first week …).
      for (const [label, v] of shown) expect(v, `${id} ${label}`).toMatch(/^-?[\d,]+(\.\d+)? \S+/);
    }
  });

  it('exports the hashprice chart as the API rows of the shown range (CSV) and the canvas (PNG)', async () => {
    await page.locator('#panel-hashprice .seg button[data-range="1Y"]').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-hashprice').click()]);
    const rows = await csvOf(csv);
    expect(rows[0]).toBe('date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day');
    const from = rows[1]?.split(',')[0] ?? '';
    const to = rows.at(-1)?.split(',')[0] ?? '';
    const { min, max } = await page.evaluate<{ min: number; max: number }>('window.__hashfloorCharts.hashprice.xRange()');
    expect(from).toBe(new Date(min * 1000).toISOString().slice(0, 10));
    expect(to).toBe(new Date(max * 1000).toISOString().slice(0, 10));
    type Day = { date: string; hashprice_usd_per_ph_day: number | null; hashprice_ma30_usd_per_ph_day: number | null };
    const { days } = await api<{ days: Day[] }>(`/api/v1/hashprice?from=${from}&to=${to}&fields=date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day`);
    expect(days.length).toBeGreaterThan(300);
    expect(rows.slice(1)).toEqual(days.map((d) => [d.date, cell(d.hashprice_usd_per_ph_day), cell(d.hashprice_ma30_usd_per_ph_day)].join(',')));
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-hashprice').click()]);
    const bytes = readFileSync((await png.path()) ?? '');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
  });

  it("opens the fleet on the CLI's window and exports the months of a chosen range as the API's rows", async () => {
    const latest = await api<{ data_as_of: { date: string } }>('/api/v1/hashprice/latest');
    // `fleet report`'s default: the last halving to the last complete day (src/app/report-window.ts),
    // ending earlier on the last day the sites' index prices cover (the embedded ERCOT files end 2025-12-31).
    const byDefault = await api<{ from: string; to: string }>(`/api/v1/fleets/${fleetId}/report?by=month`);
    expect(byDefault.from).toBe('2024-04-20');
    expect(byDefault.to <= latest.data_as_of.date).toBe(true);
    expect(await page.getByTestId('fleet-from').inputValue()).toBe(byDefault.from);
    expect(await page.getByTestId('fleet-to').inputValue()).toBe(byDefault.to);
    await page.getByTestId('fleet-from').fill('2025-01-01');
    await page.getByTestId('fleet-to').fill('2025-06-30');
    await page.waitForSelector('#panel-fleet[data-range="2025-01-01..2025-06-30"]');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fleet-months-csv').click()]);
    const rows = await csvOf(csv);
    const fields = rows[0]?.split(',') ?? [];
    expect(fields.slice(0, 3)).toEqual(['period', 'btc_mined', 'revenue_usd']);
    const report = await api<{ periods: Record<string, number | string | null>[] }>(`/api/v1/fleets/${fleetId}/report?by=month&from=2025-01-01&to=2025-06-30`);
    expect(report.periods.map((p) => p.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(rows.slice(1)).toEqual(report.periods.map((p) => fields.map((f) => cell(p[f] ?? null)).join(',')));
    // Back to the default window in one click.
    await page.getByTestId('fleet-range-default').click();
    await page.waitForSelector(`#panel-fleet[data-range="2024-04-20..${byDefault.to}"]`);
  });
});

describe('at 390 px', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open(390, 'light');
  }, 30_000);
  afterAll(() => page?.close());

  it('keeps the sticky header ≤ 64 px tall', async () => {
    const h = (await page.locator('header.top').boundingBox())?.height ?? Infinity;
    expect(h).toBeLessThanOrEqual(64);
  });

  it('sends each action’s request on the first click after another interaction', { timeout: 90_000 }, async () => {
    /** One click on `testid` after `before()`, and the request it must send (awaited). */
    const firstClick = async (before: () => Promise<unknown>, testid: string, method: string, path: RegExp) => {
      await before();
      const request = page.waitForRequest((r) => r.method() === method && path.test(r.url()), { timeout: 10_000 });
      await page.getByTestId(testid).click();
      return request;
    };
    await firstClick(() => page.getByTestId('power-price').fill('45'), 'fleet-example', 'GET', /\/api\/v1\/examples\/fleet\.yaml$/);
    await page.waitForSelector('#panel-fleet[data-fleet]', { timeout: 15_000 });
    await page.waitForSelector('[data-testid="dispatch-heatmap"][data-days]', { timeout: 30_000 });
    await firstClick(() => page.locator('#panel-hashprice .seg button[data-range="3M"]').click(), 'dispatch-run', 'POST', /\/dispatch$/);
    await firstClick(() => page.getByTestId('budget-price-growth').fill('3'), 'fleet-range-default', 'GET', /\/report\?by=month$/);
    // The reported case: a power price edit and a fleet upload, then "Value the example sites".
    await firstClick(
      async () => {
        await page.getByTestId('power-price').fill('55');
        await page.getByTestId('fleet-file').setInputFiles(`${ROOT}examples/fleet.yaml`);
      },
      'pivot-example',
      'POST',
      /\/api\/v1\/valuation\/pivot/,
    );
  });

  it('says on every panel how old its data is, and how to refresh it', { timeout: 60_000 }, async () => {
    await page.waitForSelector('#panel-pivot[data-sites]', { timeout: 40_000 });
    await page.waitForSelector('#panel-dispatch[data-as-of]', { timeout: 20_000 });
    const { data_as_of: a } = await api<{ data_as_of: { date: string; age_days: number; stale: boolean } }>('/api/v1/hashprice/latest');
    // The embedded history ends in February 2026: at today's clock it is stale.
    expect(a.stale).toBe(true);
    const text = `As of ${a.date} (last complete day), ${a.age_days} days old — run hashfloor update (or hashfloor sync with your own node) to refresh`;
    const panels = ['hashprice', 'cycles', 'network', 'fees', 'supply', 'machines', 'budget', 'network-power', 'fleet', 'dispatch', 'pivot'].map(
      (p) => `panel-${p}`,
    );
    for (const id of [...panels, 'fleet-sensitivity']) {
      expect(await page.getByTestId(`${id}-asof`).textContent(), id).toBe(text);
      expect(await page.getByTestId(`${id}-stale`).isVisible(), id).toBe(true);
    }
    expect(await page.locator('.card').count()).toBe(panels.length);
  });

  it('offers a CSV of every table; the dispatch one holds each hour of the heatmap', async () => {
    const tables = ['breakeven', 'fleet-months', 'fleet-margin-grid', 'fleet-breakevens', 'pivot-1', 'pivot-2', 'pivot-3'];
    // uPlot's legends are tables too: not data tables.
    expect(await page.locator('.card table:not(.u-legend)').count()).toBe(tables.length);
    for (const id of [...tables, 'dispatch']) expect(await page.getByTestId(`${id}-csv`).isEnabled(), id).toBe(true);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dispatch-csv').click()]);
    const rows = await csvOf(csv);
    expect(rows[0]).toBe('date,hour_utc,power_mw,price_usd_per_mwh');
    const days = Number(await page.getByTestId('dispatch-heatmap').getAttribute('data-days'));
    expect(rows.length).toBe(1 + days * 24);
    expect(rows[1]).toMatch(/^2024-07-01,0,\d+(\.\d+)?,-?\d+(\.\d+)?$/);
    const [lots] = await Promise.all([page.waitForEvent('download'), page.getByTestId('breakeven-csv').click()]);
    expect((await csvOf(lots))[0]).toBe(
      'model,margin_usd_per_day,breakeven_power_price_usd_per_mwh,efficiency_jth,hashcost_energy_usd_per_ph_day,energy_cost_usd_per_btc,hashrate_ths,power_w,released',
    );
  });
});
