import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices } from '../src/main.js';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

describe('hashfloor network', () => {
  it('shows the latest day by default, with provenance', async () => {
    const r = await cli(['network', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.date).toBe('2026-02-12');
    expect(doc.blocks).toBe(177);
    expect(doc.fees_sat).toBe('254254112');
    expect(doc.provenance).toMatchObject({ difficulty: 'coinmetrics_via_gamlss-btc-VaR', price_usd_per_btc: 'yahoo_close' });
  });

  it('flags the estimated values of a gap day', async () => {
    const r = await cli(['network', '--date', '2025-11-14', '--json']);
    const doc = JSON.parse(r.stdout) as { estimated_fields: string[]; network_hashrate_ehs: number };
    expect(doc.estimated_fields).toEqual(expect.arrayContaining(['blocks', 'difficulty']));
    expect(doc.network_hashrate_ehs).toBeCloseTo(1090.0011775, 6); // D · 2³² / 600 s at the filled 152.27 T
    const people = await cli(['network', '--date', '2025-11-14']);
    expect(people.stdout).toContain('estimated:next-observed-difficulty');
  });
});

describe('hashfloor hashprice', () => {
  it('prints one JSON document over the whole history', async () => {
    const r = await cli(['hashprice', '--json', '--lows', '--cycles']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      days: Record<string, unknown>[];
      lows: { by_cycle: unknown[] };
      lows_btc: { all_time: { date: string } };
      cycles: unknown[];
      from: string;
    };
    expect(doc.from).toBe('2009-01-03');
    expect(doc.days).toHaveLength(6294);
    // Price-only days after the block data: a price, no hashprice, and the latest stays the last day with blocks.
    const priceOnly = doc.days.filter((x) => (x.date as string) > '2026-02-12');
    expect(priceOnly).toHaveLength(44);
    for (const x of priceOnly) expect([x.hashprice_usd_per_ph_day, typeof x.price_usd_per_btc]).toEqual([null, 'number']);
    expect((doc as unknown as { summary: { latest: { date: string } } }).summary.latest.date).toBe('2026-02-12');
    const d = doc.days.find((x) => x.date === '2025-11-22');
    expect(d?.hashprice_usd_per_ph_day as number).toBeCloseTo(35.184374, 6); // worked in src/economics/hashprice-index.test.ts
    expect(Object.keys(d ?? {})).toEqual(
      expect.arrayContaining(['hashvalue_sat_per_ph_day', 'network_hashrate_ehs', 'price_usd_per_btc', 'fee_share', 'estimated_fields']),
    );
    expect(doc.lows.by_cycle).toHaveLength(5);
    expect(doc.lows_btc.all_time.date).toBe('2025-11-09');
    expect(doc.cycles).toHaveLength(5);
  });

  it('marks moving averages whose window holds an estimated day (the 2025-11-13..15 difficulty gap) with *', async () => {
    const r = await cli(['hashprice', '--from', '2025-11-11', '--to', '2025-11-13']);
    // 2025-11-11: the 7-day window (11-05..11) is all measured, the 30-day one reaches into the fee gap.
    expect(r.stdout).toMatch(/2025-11-11\s+\$41\.75\s+\$42\.03 \s+\$45\.42\*/);
    expect(r.stdout).toMatch(/2025-11-13\s+\$41\.45\s+\$41\.95\*\s+\$44\.98\*/);
    expect(r.stdout).toContain('* the moving average includes a day with an estimated input');
  });

  it('tables the record lows ranked both ways: USD hashprice and BTC hashvalue', async () => {
    const r = await cli(['hashprice', '--lows', '--from', '2024-01-01']);
    expect(r.code).toBe(0);
    const btcTable = r.stdout.slice(r.stdout.indexOf('Record lows of hashvalue'));
    expect(r.stdout.slice(r.stdout.indexOf('Record lows of hashprice'))).toMatch(/all-time \(range\)\s+2026-02-05\s+\$28\.25\s+0\.0004506/);
    expect(btcTable).toMatch(/all-time \(range\)\s+2025-11-09\s+0\.0004052\s+\$42\.44/);
  });

  it('prints a daily table for a short range and CSV with one line per day', async () => {
    const r = await cli(['hashprice', '--from', '2025-11-20', '--to', '2025-11-23']);
    expect(r.stdout).toContain('$35.18');
    const csv = await cli(['hashprice', '--from', '2025-11-20', '--to', '2025-11-23', '--csv']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^date,halving_cycle,/);
  });

  it('summarises a long range by year with a sparkline', async () => {
    const r = await cli(['hashprice']);
    expect(r.stdout).toContain('Hashprice by year');
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]{40,}/);
  });

  it.each([
    [['hashprice', '--from', '2025-12-01', '--to', '2025-11-01']],
    [['hashprice', '--from', '2030-01-01']],
    [['hashprice', '--to', '2008-12-31']],
    [['hashprice', '--from', '2025-02-30']],
    [['hashprice', '--lowz']],
    [['network', '--date', '2031-01-01']],
    [['network', '--date', 'yesterday']],
  ])('exits 2 with one line for %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hashfloor: error: /);
  });
});

describe('history through the store', () => {
  it('gives the same index from a fresh store (embedded dataset loaded into it) as from the embedded file', async () => {
    const argv = ['hashprice', '--from', '2025-11-10', '--to', '2025-11-23', '--json'];
    const viaFile = await cli(argv);
    // Create the store first (as `import daily` or `serve` would): history then reads through it.
    const dir = mkdtempSync(join(tmpdir(), 'hashfloor-history-'));
    const db = join(dir, 'store.sqlite');
    const services = createServices({ HASHFLOOR_HOME: dir });
    await services.store(db);
    await services.close();
    const viaStore = await cli([...argv, '--db', db]);
    rmSync(dir, { recursive: true, force: true });
    expect(viaStore.code).toBe(0);
    expect(viaStore.stdout).toBe(viaFile.stdout);
  });
});
