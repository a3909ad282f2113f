/**
 * The time-series charts in a real browser: labels never cover the line (1440 and 390 px, light
 * and dark, USD and BTC, every range button), each range button sets the x scale, exports hold
 * what is shown, and every panel says how old its data is.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { ARTIFACTS, launchBrowser, ROOT, startTestServer } from './browser.js';
import { labelsOverData, type Box, type Pt } from './geometry.js';

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

const hook = <T>(page: Page, id: string, call: string): Promise<T> => page.evaluate<T>(`window.__hashfloorCharts[${JSON.stringify(id)}].${call}`);

/** x-scale minimum a range button should set, from calendar arithmetic on the last day. */
function expectedMin(range: string, first: number, last: number): number {
  const months: Record<string, number> = { '3M': 3, '1Y': 12, '2Y': 24, '5Y': 60 };
  const d = new Date(last * 1000);
  const m = months[range];
  if (m !== undefined) return Math.max(first, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, d.getUTCDate()) / 1000);
  if (range === 'halving') return Math.max(first, Date.parse('2024-04-20T00:00:00Z') / 1000);
  return first;
}

const CHARTS = [
  { id: 'hashprice', panel: '#panel-hashprice' },
  { id: 'fees', panel: '#panel-fees' },
  { id: 'retargets', panel: '#panel-network' },
];

describe.each([1440, 390])('charts at %i px', (width) => {
  it.each(['light', 'dark'] as const)(
    'no label covers the line, and each range button sets its range (%s, USD and BTC)',
    { timeout: 120_000 },
    async (scheme) => {
      const page = await open(width, scheme);
      let checked = 0;
      for (const unit of ['usd', 'btc']) {
        await page.getByTestId('unit-toggle').selectOption(unit);
        await expect.poll(() => page.locator('[data-testid="hashprice-current"] b').textContent()).toMatch(unit === 'btc' ? / BTC$/ : /^\$/);
        for (const c of CHARTS) {
          const buttons = page.locator(`${c.panel} .seg button`);
          const ranges = await Promise.all((await buttons.all()).map((b) => b.getAttribute('data-range')));
          expect(ranges).toEqual(['3M', '1Y', '2Y', '5Y', 'halving', 'all']);
          const { first, last } = await hook<{ first: number; last: number }>(page, c.id, 'extent()');
          for (const r of ranges) {
            await page.locator(`${c.panel} .seg button[data-range="${r}"]`).click();
            const x = await hook<{ min: number; max: number }>(page, c.id, 'xRange()');
            expect(x.max, `${c.id} ${r}`).toBe(last);
            expect(x.min, `${c.id} ${r}`).toBe(expectedMin(r ?? '', first, last));
            const lines = await hook<Pt[][]>(page, c.id, 'vertices()');
            const labels = await hook<(Box & { text: string })[]>(page, c.id, 'labels()');
            expect(lines.flat().length, `${c.id} ${r}: a line is drawn`).toBeGreaterThan(1);
            expect(labelsOverData(labels, lines), `${c.id} ${r} ${unit} ${scheme}`).toEqual([]);
            checked += labels.length;
          }
        }
        // The long view on the log scale too: the halving and low labels are all there.
        await page.locator('#panel-hashprice .seg button[data-range="all"]').click();
        await page.getByTestId('log-hashprice').check();
        const lines = await hook<Pt[][]>(page, 'hashprice', 'vertices()');
        const labels = await hook<(Box & { text: string })[]>(page, 'hashprice', 'labels()');
        expect(labels.length).toBeGreaterThanOrEqual(width > 1000 ? 6 : 3);
        expect(labelsOverData(labels, lines)).toEqual([]);
        await page.locator('#panel-hashprice').screenshot({ path: `${ARTIFACTS}hashprice-all-log-${width}-${scheme}-${unit}.png` });
        await page.getByTestId('log-hashprice').uncheck();
        await page.locator('#panel-hashprice .seg button[data-range="1Y"]').click();
        await page.locator('#panel-hashprice').screenshot({ path: `${ARTIFACTS}hashprice-1y-${width}-${scheme}-${unit}.png` });
      }
      // The supply chart's halving years: all apart from each other and off the line.
      const supply = await hook<(Box & { text: string })[]>(page, 'supply', 'labels()');
      expect(supply.length).toBeGreaterThanOrEqual(2);
      for (const [i, a] of supply.entries())
        for (const b of supply.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left, `${a.text} / ${b.text}`).toBe(true);
      expect(labelsOverData(supply, await hook<Pt[][]>(page, 'supply', 'vertices()'))).toEqual([]);
      // Labels were there to check: a check over no labels proves nothing.
      expect(checked).toBeGreaterThan(10);
      expect(pageErrors).toEqual([]);
      await page.close();
    },
  );
});

describe('phone header and first clicks', () => {
  it('keeps the sticky header ≤ 64 px tall at 390 px', async () => {
    const page = await open(390, 'light');
    const h = (await page.locator('header.top').boundingBox())?.height ?? Infinity;
    expect(h).toBeLessThanOrEqual(64);
    await page.screenshot({ path: `${ARTIFACTS}header-390.png` });
    await page.close();
  });

  it('sends the pivot request on the first click after editing the power price and uploading a fleet (390 px)', { timeout: 60_000 }, async () => {
    const page = await open(390, 'light');
    await page.getByTestId('power-price').fill('45');
    await page.getByTestId('fleet-file').setInputFiles(`${ROOT}examples/fleet.yaml`);
    await page.waitForSelector('#panel-fleet[data-fleet]', { timeout: 15_000 });
    const request = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/v1/valuation/pivot'), { timeout: 10_000 });
    await page.getByTestId('pivot-example').click();
    expect((await request).method()).toBe('POST');
    await page.close();
  });
});

describe('chart exports and as-of lines', () => {
  it('exports the shown range as the API rows (CSV) and the canvas (PNG)', { timeout: 60_000 }, async () => {
    const page = await open(1440, 'light');
    await page.locator('#panel-hashprice .seg button[data-range="1Y"]').click();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-hashprice').click()]);
    const text = readFileSync((await csv.path()) ?? '', 'utf8');
    const rows = text.trim().split('\n');
    expect(rows[0]).toBe('date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day');
    const from = rows[1]?.split(',')[0] ?? '';
    const to = rows.at(-1)?.split(',')[0] ?? '';
    const { min, max } = await hook<{ min: number; max: number }>(page, 'hashprice', 'xRange()');
    expect(from).toBe(new Date(min * 1000).toISOString().slice(0, 10));
    expect(to).toBe(new Date(max * 1000).toISOString().slice(0, 10));
    const api = (await (
      await fetch(`${server.url}api/v1/hashprice?from=${from}&to=${to}&fields=date,hashprice_usd_per_ph_day,hashprice_ma30_usd_per_ph_day`)
    ).json()) as {
      days: { date: string; hashprice_usd_per_ph_day: number | null; hashprice_ma30_usd_per_ph_day: number | null }[];
    };
    expect(api.days.length).toBeGreaterThan(300);
    const cell = (v: number | null) => (v === null ? '' : String(v));
    expect(rows.slice(1)).toEqual(api.days.map((d) => [d.date, cell(d.hashprice_usd_per_ph_day), cell(d.hashprice_ma30_usd_per_ph_day)].join(',')));
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('png-hashprice').click()]);
    const bytes = readFileSync((await png.path()) ?? '');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
    await page.close();
  });

  it('says "as of" the last complete day on the data panels, and no USD label in BTC mode', { timeout: 60_000 }, async () => {
    const page = await open(1440, 'light');
    const latest = (await (await fetch(`${server.url}api/v1/hashprice/latest`)).json()) as { data_as_of: { date: string; stale: boolean } };
    await expect.poll(() => page.getByTestId('panel-hashprice-asof').textContent()).toMatch(new RegExp(`^As of ${latest.data_as_of.date}`));
    expect(await page.getByTestId('panel-hashprice-stale').count()).toBe(latest.data_as_of.stale ? 1 : 0);
    if (latest.data_as_of.stale) expect(await page.getByTestId('panel-hashprice-stale').textContent()).toContain('hashfloor update');
    for (const id of ['panel-fees', 'panel-network']) expect(await page.getByTestId(`${id}-asof`).textContent()).toMatch(/^As of \d{4}-\d\d-\d\d/);
    await page.getByTestId('unit-toggle').selectOption('btc');
    await expect.poll(() => page.getByTestId('hashprice-change').textContent()).toContain('(BTC)');
    const usd = (await page.locator('#panel-hashprice').innerText()).match(/.{0,30}\bUSD\b.{0,30}/g) ?? [];
    expect(usd).toEqual([]);
    await page.close();
  });
});
