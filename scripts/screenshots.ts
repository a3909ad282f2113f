/**
 * Screenshots of every dashboard panel at 1440 and 390 px, light and dark, with a fleet, its
 * dispatch plan and the pivot valuation loaded, into artifacts/<label>/ (git-ignored) — for the
 * before/after pictures of a dashboard change. Not part of the test suite (≈1 min).
 *
 *   npx tsx scripts/screenshots.ts                 → artifacts/after/  (this tree's dashboard)
 *   npx tsx scripts/screenshots.ts --before REV    → artifacts/before/ (web/ of commit REV, built
 *                                                    in a temporary folder, served by this tree's API)
 *
 * Files: <panel id>-<width>-<scheme>.png per panel, and page-<width>-<scheme>.png of the top of the
 * page (the header as a phone shows it).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchBrowser, ROOT, startTestServer } from '../test/e2e/browser.js';

// Panel shots taller than the viewport scroll; a sticky header would be drawn across them.
const STATIC_HEADER = '.top { position: static !important; }';

/** web/ of `rev` built into a temporary folder (removed by the caller); its dist/ folder. */
function buildWebAt(rev: string, tmp: string): string {
  const tar = execFileSync('git', ['archive', rev, 'web'], { cwd: ROOT, maxBuffer: 64 << 20 });
  execFileSync('tar', ['-x', '-C', tmp], { input: tar });
  // Vite resolves uPlot from the folder's parents: this tree's node_modules serves.
  symlinkSync(`${ROOT}node_modules`, join(tmp, 'node_modules'));
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', 'web', '--logLevel', 'warn'], { cwd: tmp, stdio: 'inherit' });
  return join(tmp, 'web', 'dist') + '/';
}

/** Clicks `testid` and waits for `selector`; an older dashboard may lack either, so a miss is reported, not fatal. */
async function load(page: Page, testid: string, selector: string, timeout: number): Promise<void> {
  try {
    await page.getByTestId(testid).click({ timeout: 5_000 });
    await page.waitForSelector(selector, { timeout });
  } catch (err) {
    console.error(`  ${testid}: ${(err as Error).message.split('\n')[0]}`);
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--before');
  const rev = i > 0 ? process.argv[i + 1] : undefined;
  if (i > 0 && !rev) throw new Error('--before needs a commit, e.g. --before ae8f95f');
  const label = rev ? 'before' : 'after';
  const tmp = rev ? mkdtempSync(join(tmpdir(), 'hashfloor-shots-')) : undefined;
  const out = `${ARTIFACTS}${label}/`;
  mkdirSync(out, { recursive: true });
  const server = await startTestServer(undefined, rev && tmp ? buildWebAt(rev, tmp) : undefined);
  const browser = await launchBrowser();
  const files: string[] = [];
  try {
    for (const width of [1440, 390])
      for (const scheme of ['light', 'dark'] as const) {
        const page = await browser.newPage({ viewport: { width, height: width > 1000 ? 1000 : 844 }, colorScheme: scheme });
        await page.goto(server.url);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
        const shot = async (name: string, take: (path: string) => Promise<unknown>) => {
          const path = `${out}${name}-${width}-${scheme}.png`;
          await take(path);
          files.push(path.slice(ROOT.length));
        };
        await shot('page', (path) => page.screenshot({ path }));
        await load(page, 'fleet-example', '[data-testid="dispatch-heatmap"][data-days]', 40_000);
        await load(page, 'pivot-example', '#panel-pivot[data-sites]', 60_000);
        for (const card of await page.locator('.card').all()) {
          const id = (await card.getAttribute('id')) ?? 'card';
          await shot(id, (path) => card.screenshot({ path, style: STATIC_HEADER }));
        }
        await page.close();
      }
  } finally {
    await browser.close();
    await server.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  console.log(files.join('\n'));
}

await main();
