/**
 * The network power panel in a real browser (1440 and 390 px): the efficiency band is drawn in
 * order (lower under best under upper on every day), the at-risk curve never rises with hashprice,
 * no label covers a line, the figures are the API's, and the range buttons work.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { ARTIFACTS, launchBrowser, startTestServer } from './browser.js';
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

async function open(width: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 1000 } });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  await page.locator('#panel-network-power').scrollIntoViewIfNeeded();
  return page;
}

const hook = <T>(page: Page, id: string, call: string): Promise<T> => page.evaluate<T>(`window.__hashfloorCharts[${JSON.stringify(id)}].${call}`);

describe.each([1440, 390])('network power panel at %i px', (width) => {
  it('draws the band in order and the at-risk curve falling, with no label over a line', { timeout: 60_000 }, async () => {
    const page = await open(width);
    expect(await page.locator('#panel-network-power .status.error').count()).toBe(0);
    for (const range of ['5Y', 'all']) {
      await page.locator(`#panel-network-power .seg button[data-range="${range}"]`).click();
      const [lower, best, upper] = await hook<Pt[][]>(page, 'network-band', 'vertices()');
      expect(best?.length, range).toBeGreaterThan(300);
      // Screen y grows downwards: a higher J/TH is a smaller y. Same x ↔ same day.
      const yAt = (line: Pt[] | undefined) => new Map((line ?? []).map((p) => [p.x, p.y]));
      const lo = yAt(lower);
      const hi = yAt(upper);
      for (const p of best ?? []) {
        expect(lo.get(p.x) as number).toBeGreaterThanOrEqual(p.y - 0.01);
        expect(hi.get(p.x) as number).toBeLessThanOrEqual(p.y + 0.01);
      }
      const labels = await hook<(Box & { text: string })[]>(page, 'network-band', 'labels()');
      expect(labelsOverData(labels, [lower ?? [], best ?? [], upper ?? []])).toEqual([]);
    }
    const [risk] = await hook<Pt[][]>(page, 'at-risk', 'vertices()');
    expect(risk?.length).toBe(11);
    for (let i = 1; i < (risk?.length ?? 0); i++) {
      expect(risk![i]!.x).toBeGreaterThan(risk![i - 1]!.x);
      expect(risk![i]!.y).toBeGreaterThanOrEqual(risk![i - 1]!.y - 0.01);
    }
    const riskLabels = await hook<(Box & { text: string })[]>(page, 'at-risk', 'labels()');
    expect(riskLabels.map((l) => l.text)).toEqual([expect.stringMatching(/^today/)]);
    expect(labelsOverData(riskLabels, [risk ?? []])).toEqual([]);
    await page.locator('#panel-network-power').screenshot({ path: `${ARTIFACTS}network-power-${width}.png` });
    expect(pageErrors).toEqual([]);
  });
});

describe('network power panel figures', () => {
  it('shows the API’s last day and share under water, its as-of day and the distribution’s source', async () => {
    const page = await open(1440);
    const api = (await (await fetch(new URL('/api/v1/network/power?format=columns', server.url))).json()) as {
      data_as_of: { date: string };
      days: { date: string[]; power_best_gw: number[]; efficiency_best_jth: number[] };
    };
    const under = (await (await fetch(new URL('/api/v1/network/underwater', server.url))).json()) as { underwater_hashrate_share: number };
    const i = api.days.date.length - 1;
    expect(await page.locator('[data-testid="network-power-gw"] b').textContent()).toBe(`${api.days.power_best_gw[i]!.toFixed(1)} GW`);
    expect(await page.locator('[data-testid="network-power-jth"] b').textContent()).toBe(`${api.days.efficiency_best_jth[i]!.toFixed(1)} J/TH`);
    expect(await page.locator('[data-testid="network-underwater"] b').textContent()).toBe(`${(under.underwater_hashrate_share * 100).toFixed(1)}%`);
    expect(await page.locator('#panel-network-power').getAttribute('data-as-of')).toBe(api.data_as_of.date);
    expect(await page.getByTestId('network-power-source').textContent()).toContain('listed miners');
    const { first } = await hook<{ first: number }>(page, 'network-band', 'extent()');
    expect(new Date(first * 1000).toISOString().slice(0, 10)).toBe(api.days.date[0]);
  });
});
