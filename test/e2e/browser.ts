/**
 * Harness for end-to-end tests: the real server on a free loopback port over the built dashboard
 * (web/dist; built here when missing or older than any source under web/) and Debian's headless
 * Chromium driven by playwright-core.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createServices } from '../../src/main.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = `${ROOT}artifacts/`;
export const CHROMIUM = process.env.HASHFLOOR_CHROMIUM ?? '/usr/bin/chromium';

/** Newest modification time (ms) of the dashboard's sources, skipping its build output. */
function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestSourceMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureDashboardBuilt(): void {
  const index = `${ROOT}web/dist/index.html`;
  // A stale build silently tests yesterday's dashboard: rebuild whenever a source is newer.
  if (existsSync(index) && statSync(index).mtimeMs >= newestSourceMs(`${ROOT}web`)) return;
  execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

/** The server on a fresh home; `webDir` serves another build of the dashboard (scripts/screenshots.ts's "before"). */
export async function startTestServer(token?: string, webDir?: string): Promise<RunningServer> {
  if (webDir === undefined) ensureDashboardBuilt();
  // A fresh home per server: stored fleets from earlier runs would otherwise pile up to the store's cap.
  const home = mkdtempSync(join(tmpdir(), 'hashfloor-e2e-home-'));
  const server = await startServer(createServices({ HASHFLOOR_HOME: home }), { host: '127.0.0.1', port: 0, webDir: webDir ?? `${ROOT}web/dist/`, token });
  return {
    ...server,
    close: async () => {
      await server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium, isolated: playwright gives every launch a fresh temporary profile. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (scripts/ci-system-deps.sh)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
