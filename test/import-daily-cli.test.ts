import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'hashfloor-import-'));
const env = { HASHFLOOR_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
}

// Two real days after the embedded history ends (2026-02-12): difficulty from the reference file
// (btc_network_hashprice_daily), price = Yahoo close; fees and blocks stated by the user.
const GOOD = [
  'date,blocks,difficulty,issuance_sat,fees_sat,price_usd_per_btc,price_usd_per_btc_src',
  '2026-02-13,150,125864590119494,46875000000,300000000,68857.84375,yahoo_close',
  '2026-02-14,140,125864590119494,43750000000,280000000,69767.625,yahoo_close',
].join('\n');

describe('hashfloor import daily', () => {
  it('rejects a file with one bad row, lists every bad line, and writes nothing', async () => {
    const bad = file('bad.csv', [GOOD, '2026-02-15,abc,125864590119494,,,-5,', '2099-01-01,150,,,,,'].join('\n'));
    const r = await cli(['import', 'daily', bad], env);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('line 4, blocks');
    expect(r.stderr).toContain('line 4, price_usd_per_btc');
    expect(r.stderr).toContain('line 5, date');
    const after = await cli(['network', '--json'], env);
    expect((JSON.parse(after.stdout) as { date: string }).date).toBe('2026-02-12');
  });

  it('imports good days; network and hashprice then include them', async () => {
    const r = await cli(['import', 'daily', file('good.csv', GOOD), '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ rows_imported: 2, first_date: '2026-02-13', last_date: '2026-02-14', origin: 'user-import' });
    const net = JSON.parse((await cli(['network', '--json'], env)).stdout) as {
      date: string;
      provenance: Record<string, string>;
      hashprice_usd_per_ph_day: number;
    };
    expect(net.date).toBe('2026-02-14');
    expect(net.provenance).toMatchObject({ blocks: 'user-import', price_usd_per_btc: 'yahoo_close' });
    // 1.5983e-4 blocks/PH/day at 125.86 T × (3.125 + 2.8 BTC / 140 blocks of fees) × $69,767.625.
    expect(net.hashprice_usd_per_ph_day).toBeCloseTo((86_400e15 / (125_864_590_119_494 * 2 ** 32)) * 3.145 * 69_767.625, 9);
    const hp = JSON.parse((await cli(['hashprice', '--from', '2026-02-10', '--json'], env)).stdout) as { days: { date: string }[] };
    expect(hp.days.map((d) => d.date).slice(0, 6)).toEqual(['2026-02-10', '2026-02-11', '2026-02-12', '2026-02-13', '2026-02-14', '2026-02-15']);
  });

  it('exits 2 for a missing file or a bad header', async () => {
    expect((await cli(['import', 'daily', join(home, 'nope.csv')], env)).code).toBe(2);
    expect((await cli(['import', 'daily', file('hdr.csv', 'day,blocks\n2026-02-13,1\n')], env)).code).toBe(2);
    expect((await cli(['import', 'daily'], env)).code).toBe(2);
  });
});
