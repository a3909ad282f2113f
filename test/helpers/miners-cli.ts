/**
 * Runs `hashfloor miners …` in-process against a FleetControl double, with one set of services
 * per session so a `set` and a following `log` share the in-memory store. Fleet specs for the
 * tests are written to a temporary folder.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/run.js';
import { createServices } from '../../src/main.js';
import type { FleetControl } from '../../src/ports/fleet-control.js';
import { afterEach } from 'vitest';
import { FleetControlDouble, type FakeMiner } from './fleet-control-double.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function minersSession(fleetControl: FleetControl, db = ':memory:'): { run: (argv: string[]) => Promise<CliRun>; close: () => Promise<void> } {
  const services = createServices({ HASHFLOOR_HOME: '/nonexistent/hashfloor-test', HASHFLOOR_DB: db }, { fleetControl });
  return {
    async run(argv) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(argv, services, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false });
      return { code, stdout, stderr };
    },
    close: () => services.close(),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-miners-'));
let n = 0;

/** Writes `text` to a fresh file in the temp folder; returns its path. */
export function tempFile(text: string, ext = 'yaml'): string {
  const path = join(dir, `f${n++}.${ext}`);
  writeFileSync(path, text);
  return path;
}

/**
 * A one-site fleet of S19j Pros (104 TH/s, 3,068 W stock in data/asic_models.csv) at 127.0.0.x,
 * one lot `rack-a` counting `count` machines, `hosts` listed under miners:.
 */
export function fleetFile(o: { capacity_mw: number; hosts: string[]; count?: number; pue?: number }): string {
  const miners = o.hosts.map((h) => `  - { host: ${h}, port: 4028, lot: rack-a }`).join('\n');
  return tempFile(
    [
      'company: { name: Test Mining }',
      'sites:',
      `  - { id: site-a, capacity_mw: ${o.capacity_mw}, power_price_usd_per_mwh: 40, pue: ${o.pue ?? 1} }`,
      'lots:',
      `  - { id: rack-a, site: site-a, model: Antminer S19j Pro, count: ${o.count ?? o.hosts.length}, purchase_price_usd_per_unit: 1000, purchase_date: 2024-01-01 }`,
      o.hosts.length ? 'miners:' : 'miners: []',
      miners,
      '',
    ].join('\n'),
  );
}

/**
 * A session factory over FleetControlDouble for a test file: each call starts a session on a
 * fresh double, and every session is closed after each test.
 */
export function doubleSessions(): (miners: FakeMiner[]) => { fc: FleetControlDouble; run: (argv: string[]) => Promise<CliRun> } {
  const open: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  return (miners) => {
    const fc = new FleetControlDouble(miners);
    const s = minersSession(fc);
    open.push(s);
    return { fc, run: s.run };
  };
}
