import { describe, expect, it } from 'vitest';
import { ParseError, ValidationError } from '../../errors.js';
import { catchAppError } from '../../../test/helpers/catch-error.js';
import { embeddedHistory } from '../../../test/helpers/history.js';
import { formatNetworkDailyCsv, parseNetworkDailyCsv } from './network-daily-csv.js';

const opts = { source: 'test.csv', defaultProvenance: 'user-import' };

describe('parseNetworkDailyCsv', () => {
  it('reads a minimal user file, defaulting provenance to the origin', () => {
    const rows = parseNetworkDailyCsv('date,blocks,difficulty,fees_sat,price_usd_per_btc\n2026-02-13,150,125864590119494,300000000,68857.84\n', opts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      date: '2026-02-13',
      blocks: 150,
      difficulty: 125864590119494,
      fees_sat: 300000000n,
      price_usd_per_btc: 68857.84,
      issuance_sat: null,
    });
    expect(rows[0]?.provenance).toEqual({ blocks: 'user-import', difficulty: 'user-import', fees_sat: 'user-import', price_usd_per_btc: 'user-import' });
  });

  it('reports every bad row with its line and column, and returns nothing', () => {
    const text = ['date,blocks,fees_sat,price_usd_per_btc', '2026-02-13,150,1,1', '2026-02-30,150,1,1', '2026-02-15,-3,1.5,0', '2026-02-14,150,1,1'].join('\n');
    let err: unknown;
    try {
      parseNetworkDailyCsv(text, opts);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationError);
    const paths = (err as ValidationError).issues.map((i) => i.path);
    expect(paths).toEqual(['line 3, date', 'line 4, blocks', 'line 4, fees_sat', 'line 4, price_usd_per_btc', 'line 5, date']);
    expect((err as ValidationError).code).toBe('VALIDATION');
  });

  it('rejects a header without date, with an unknown column or a column twice (ParseError, line 1)', () => {
    for (const header of ['day,blocks', 'date,hashprice', 'date,blocks,fees_sat,hashprice_usd_per_ph_day', 'date,price_usd,price_usd_per_btc']) {
      const e = catchAppError(() => parseNetworkDailyCsv(`${header}\n2026-01-01${',1'.repeat(header.split(',').length - 1)}\n`, opts));
      expect(e, header).toBeInstanceOf(ParseError);
      expect((e as ParseError).code).toBe('PARSE');
      expect((e as ParseError).line, header).toBe(1);
    }
    // The pre-0.2 name alone is still a known column.
    expect(parseNetworkDailyCsv('date,price_usd\n2026-01-01,5\n', opts)[0]?.price_usd_per_btc).toBe(5);
  });

  it('rejects satoshi amounts above 21M BTC', () => {
    expect(() => parseNetworkDailyCsv('date,supply_sat\n2026-01-01,2100000000000001\n', opts)).toThrow(ValidationError);
  });

  it('handles quoted cells', () => {
    const rows = parseNetworkDailyCsv('date,price_usd_per_btc,price_usd_per_btc_src\n2026-01-01,"90000.5","my feed, daily close"\n', opts);
    expect(rows[0]?.provenance.price_usd_per_btc).toBe('my feed, daily close');
  });
});

describe('the embedded dataset', () => {
  const rows = embeddedHistory();

  it('covers 2009-01-03 to 2026-03-28, one row per day, with block data to 2026-02-12 and a price alone after', () => {
    expect(rows[0]?.date).toBe('2009-01-03');
    expect(rows.at(-1)?.date).toBe('2026-03-28');
    expect(rows).toHaveLength(6294);
    const after = rows.filter((r) => r.date > '2026-02-12');
    expect(after).toHaveLength(44);
    for (const r of after) {
      expect(r.price_usd_per_btc, r.date).toBeGreaterThan(0);
      expect(r.provenance, r.date).toEqual({ price_usd_per_btc: 'yahoo' });
      expect([r.blocks, r.difficulty, r.hashrate_ehs, r.issuance_sat, r.fees_sat, r.supply_sat], r.date).toEqual([null, null, null, null, null, null]);
    }
    // Yahoo's close for the last day (btc_usd_daily_yahoo_2014-09-17_2026-03-28.csv).
    expect(rows.at(-1)?.price_usd_per_btc).toBe(66289.8515625);
  });

  it('round-trips through formatNetworkDailyCsv exactly', () => {
    const again = parseNetworkDailyCsv(formatNetworkDailyCsv(rows), opts);
    expect(again).toEqual(rows);
  });

  it('holds Coin Metrics values on a known day (2020-07-27: 149 blocks, 931.25 BTC issued)', () => {
    const r = rows.find((x) => x.date === '2020-07-27');
    expect(r).toMatchObject({ blocks: 149, issuance_sat: 93_125_000_000n, fees_sat: 12_439_804_418n });
    expect(r?.provenance.fees_sat).toBe('coinmetrics');
  });

  it('uses exact per-block fees where getblockstats covers whole days (2026-01-15)', () => {
    const r = rows.find((x) => x.date === '2026-01-15');
    expect(r?.provenance.fees_sat).toBe('blockstats');
    expect(r?.issuance_sat).toBe(BigInt(r?.blocks ?? 0) * 312_500_000n);
  });
});
