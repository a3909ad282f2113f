import { describe, expect, it } from 'vitest';
import { readNetworkDailyFile } from '../../src/adapters/datasets/network-daily-csv.js';
import { buildHashpriceIndex } from '../../src/economics/hashprice-index.js';
import { embeddedDataDir } from '../../src/main.js';
import { withDeprecatedNames } from '../../src/units/renamed-fields.js';
import { stringifyJson } from '../../src/api/json.js';
import { serializedDays } from '../../src/api/serialized-days.js';

describe('serializedDays', async () => {
  const history = await readNetworkDailyFile(`${embeddedDataDir()}network_daily.csv`, 'embedded');
  const index = buildHashpriceIndex(history);
  const slow = <T extends { date: string }>(rows: readonly T[], from?: string, to?: string) =>
    stringifyJson(
      withDeprecatedNames({ days: rows.filter((d) => (from === undefined || d.date >= from) && (to === undefined || d.date <= to)) }, ['price_usd_per_btc']),
    );

  it('writes byte for byte what serializing the filtered window writes, on the real history and index', () => {
    const windows: [string | undefined, string | undefined][] = [
      ['2025-10-01', '2025-11-22'],
      ['2009-01-03', '2009-01-03'],
      [undefined, '2010-07-01'],
      ['2026-01-15', undefined],
      ['2024-04-19', '2024-04-21'],
      ['1999-01-01', '2000-01-01'], // before the first day: empty
      ['2030-01-01', undefined], // after the last: empty
      ['2024-02-30', '2024-03-01'], // bounds need not be days that exist
    ];
    for (const [from, to] of windows) {
      const r = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
      expect(serializedDays(index, ['price_usd_per_btc']).window(r)).toBe(slow(index, from, to));
      // The history's rows carry satoshis as bigint: written as decimal strings, as the replacer does.
      expect(serializedDays(history, ['price_usd_per_btc']).window(r)).toBe(slow(history, from, to));
    }
    expect(serializedDays(index, ['price_usd_per_btc']).window({ from: '2025-10-01', to: '2025-11-22' })).toMatch(/^\{"days":\[\{"date":"2025-10-01",/);
    expect(
      (JSON.parse(serializedDays(index, ['price_usd_per_btc']).window({ from: '2025-10-01', to: '2025-11-22' })) as { days: unknown[] }).days,
    ).toHaveLength(53);
  });

  it('is built once per array and alias set, anew for a new array', () => {
    const a = serializedDays(index, ['price_usd_per_btc']);
    expect(serializedDays(index, ['price_usd_per_btc'])).toBe(a);
    expect(serializedDays(index, [])).not.toBe(a);
    expect(serializedDays(index.slice(0, 10), ['price_usd_per_btc'])).not.toBe(a);
    expect(serializedDays(index, []).window({ from: '2025-11-22', to: '2025-11-22' })).not.toContain('"price_usd"');
  });
});
