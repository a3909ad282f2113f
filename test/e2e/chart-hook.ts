/**
 * Reads the dashboard's chart test hook (web/src/chartbox.ts, `window.__hashfloorCharts`) from the
 * e2e suite. A sweep over a chart's range buttons runs in the page in one round trip: each button
 * is clicked there and the hook read after the next frame, so the label checks over every range
 * cost milliseconds rather than a protocol round trip per click. Answers cross as one JSON string:
 * playwright's value serializer walks thousands of vertex objects one by one (~0.5 s a chart).
 */
import type { Page } from 'playwright-core';
import type { Box, Pt } from './geometry.js';

export interface HookRead {
  /** The range button clicked before this read (null: none). */
  range: string | null;
  /** That button is the pressed one afterwards. */
  pressed: boolean;
  x: { min: number; max: number };
  lines: Pt[][];
  labels: (Box & { text: string })[];
}

const READ = `const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const read = (hook, b) => ({ range: b ? b.dataset.range : null, pressed: b ? b.getAttribute('aria-pressed') === 'true' : true,
    x: hook.xRange(), lines: hook.vertices(), labels: hook.labels() });`;

/** The chart's hook after the next frame, without touching it. */
export async function readHook(page: Page, id: string): Promise<HookRead> {
  const json = await page.evaluate<string>(`(async () => { ${READ}
    await frame();
    return JSON.stringify(read(window.__hashfloorCharts[${JSON.stringify(id)}], null));
  })()`);
  return JSON.parse(json) as HookRead;
}

/** Clicks each range button of the panel in turn, reading the chart's hook after each. */
export async function sweepRanges(page: Page, id: string, panel: string): Promise<HookRead[]> {
  const json = await page.evaluate<string>(`(async () => { ${READ}
    const out = [];
    for (const b of document.querySelectorAll(${JSON.stringify(`${panel} .seg button`)})) {
      b.click();
      await frame();
      out.push(read(window.__hashfloorCharts[${JSON.stringify(id)}], b));
    }
    return JSON.stringify(out);
  })()`);
  return JSON.parse(json) as HookRead[];
}

/** The legend rows (series label, value shown) of a chart, x first: what hover shows. */
export function legendRows(page: Page, id: string): Promise<[string, string][]> {
  return page.evaluate<[string, string][]>(
    `[...document.querySelectorAll(${JSON.stringify(`[data-testid="chart-${id}"] .u-legend .u-series`)})].map((r) => [r.querySelector('.u-label')?.textContent ?? '', r.querySelector('.u-value')?.textContent ?? ''])`,
  );
}
