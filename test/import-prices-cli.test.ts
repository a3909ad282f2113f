/**
 * `hashfloor import prices`: a good file lands in the store (read back through it, and used by
 * dispatch for the days it covers); a file with bad rows exits 2 listing every bad cell by line
 * and column and writes nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../src/adapters/store/open-store.js';
import { parsePriceImportCsv } from '../src/adapters/datasets/price-import-csv.js';
import { catchError } from './helpers/catch-error.js';
import { cli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-import-prices-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const env = { HASHFLOOR_HOME: dir };

describe('hashfloor import prices', () => {
  it('lists every bad cell by line and column and writes nothing', async () => {
    const db = join(dir, 'bad.sqlite');
    const bad = file(
      'bad.csv',
      [
        'hour_start_utc,hour_start_local,HB_WEST,PJM_WEST',
        '2023-01-01T06:00:00Z,x,-2.085,30',
        '2023-01-01T07:30:00Z,x,1,2',
        '2023-01-01T06:00Z,x,1,2',
        '2023-01-01T08:00:00Z,x,,abc',
        '2023-01-01T09:00:00Z,x,1',
      ].join('\n'),
    );
    const err = catchError(() => parsePriceImportCsv(readFileSync(bad, 'utf8'), 'bad.csv')) as { code: string; issues: { path: string }[] };
    expect(err.code).toBe('VALIDATION');
    expect(err.issues.map((i) => i.path)).toEqual([
      'bad.csv line 3: hour_start_utc',
      'bad.csv line 4: hour_start_utc',
      'bad.csv line 5: HB_WEST',
      'bad.csv line 5: PJM_WEST',
      'bad.csv line 6',
    ]);
    const r = await cli(['import', 'prices', bad, '--db', db], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('line 5: PJM_WEST');
    const store = await openStore({ kind: 'sqlite', path: db });
    try {
      expect(await store.powerPriceCoverage()).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('imports a one-series file for --node and a wide file, with provenance', async () => {
    const db = join(dir, 'good.sqlite');
    expect((await cli(['import', 'prices', file('one.csv', 'hour_start_utc,price_usd_per_mwh\n2023-01-01T06:00Z,-2.085\n'), '--db', db], env)).code).toBe(2);
    const one = await cli(['import', 'prices', join(dir, 'one.csv'), '--node', 'NYISO_N.Y.C.', '--db', db, '--json'], env);
    expect(JSON.parse(one.stdout)).toMatchObject({ rows_imported: 1, nodes: [{ node: 'NYISO_N.Y.C.', hours: 1 }] });
    const wide = await cli(
      ['import', 'prices', file('wide.csv', 'hour_start_utc,A,B\n2023-01-01T06:00:00Z,1.5,-3\n2023-01-01T08:00:00Z,2,4\n'), '--db', db, '--json'],
      env,
    );
    expect(wide.stderr).toBe('');
    const store = await openStore({ kind: 'sqlite', path: db });
    try {
      expect((await store.listPowerPrices('B', 0, 2e9)).map((h) => [h.power_price_usd_per_mwh, h.source, h.document_id])).toEqual([
        [-3, 'user-import', 'wide.csv'],
        [4, 'user-import', 'wide.csv'],
      ]);
      expect((await store.powerPriceCoverage()).map((c) => c.node)).toEqual(['A', 'B', 'NYISO_N.Y.C.']);
    } finally {
      await store.close();
    }
  });
});
