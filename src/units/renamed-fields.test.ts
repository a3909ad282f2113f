import { describe, expect, it } from 'vitest';
import { acceptDeprecatedNames, deprecationNote, RENAMED, withDeprecatedNames } from './renamed-fields.js';

describe('withDeprecatedNames', () => {
  it('adds the old name right after the new one, with the same value, at any depth', () => {
    const out = withDeprecatedNames({ a: 1, rows: [{ date: 'd', price_usd_per_btc: 5, b: 2 }], total: { cash_cost_usd_per_btc: null } }, [
      'price_usd_per_btc',
      'cash_cost_usd_per_btc',
    ]);
    expect(JSON.stringify(out)).toBe(
      '{"a":1,"rows":[{"date":"d","price_usd_per_btc":5,"price_usd":5,"b":2}],"total":{"cash_cost_usd_per_btc":null,"cash_cost_per_btc_usd":null}}',
    );
  });

  it('aliases only the fields it is given, and returns untouched parts as they are', () => {
    const untouched = { power_price_usd_per_mwh: 40, xs: [1, 2, 3] };
    const input = { untouched, day: { price_usd_per_btc: 1 } };
    const out = withDeprecatedNames(input, ['price_usd_per_btc']);
    expect(out.untouched).toBe(untouched);
    expect(out).not.toBe(input);
    expect(input.day).toEqual({ price_usd_per_btc: 1 });
    const none = { days: [{ date: 'd' }] };
    expect(withDeprecatedNames(none, ['price_usd_per_btc'])).toBe(none);
    // The input's arrays and objects are never changed in place; the copy has no extra keys.
    const rows = [{ price_usd_per_btc: 5 }, { x: 1 }];
    const copy = withDeprecatedNames({ rows, n: 1 }, ['price_usd_per_btc']);
    expect(rows).toEqual([{ price_usd_per_btc: 5 }, { x: 1 }]);
    expect(Object.keys(copy)).toEqual(['rows', 'n']);
    expect(Object.keys(copy.rows[0]!)).toEqual(['price_usd_per_btc', 'price_usd']);
    expect(copy.rows[1]).toBe(rows[1]);
  });

  it('never overwrites an old name the object already has, and leaves typed arrays and bigints alone', () => {
    const f = Float64Array.of(1, 2);
    const out = withDeprecatedNames({ price_usd_per_btc: 2, price_usd: 3, f, sat: 5n }, ['price_usd_per_btc']);
    expect(out).toEqual({ price_usd_per_btc: 2, price_usd: 3, f, sat: 5n });
    expect(out.f).toBe(f);
  });

  it('passes an answer that is not an object (undefined, a number, a string, a function) through as it is', () => {
    const fn = Object.assign(() => 1, { price_usd_per_btc: 1 });
    expect([undefined, 5, 'price_usd_per_btc', fn].map((v) => withDeprecatedNames(v, ['price_usd_per_btc']))).toEqual([undefined, 5, 'price_usd_per_btc', fn]);
    expect(withDeprecatedNames({ price_usd_per_btc: undefined, note: 'x' }, ['price_usd_per_btc'])).toEqual({
      price_usd_per_btc: undefined,
      price_usd: undefined,
      note: 'x',
    });
  });

  it('copies own fields only (a getter on the prototype is not an answer field)', () => {
    const row = Object.assign(
      Object.create({
        get hidden() {
          return 1;
        },
      }) as object,
      { price_usd_per_btc: 7 },
    );
    expect(JSON.parse(JSON.stringify(withDeprecatedNames(row, ['price_usd_per_btc'])))).toEqual({ price_usd_per_btc: 7, price_usd: 7 });
  });
});

describe('acceptDeprecatedNames', () => {
  it('reads an old input name as the new one', () => {
    expect(acceptDeprecatedNames({ power_usd_per_mwh: 45, pue: 1 }, ['power_price_usd_per_mwh'])).toEqual({
      value: { power_price_usd_per_mwh: 45, pue: 1 },
      conflicts: [],
    });
    expect(acceptDeprecatedNames({ power_price_usd_per_mwh: 45 }, ['power_price_usd_per_mwh'])).toEqual({
      value: { power_price_usd_per_mwh: 45 },
      conflicts: [],
    });
  });

  it('reads the old name when the new one is present but undefined', () => {
    expect(acceptDeprecatedNames({ power_price_usd_per_mwh: undefined, power_usd_per_mwh: 45 }, ['power_price_usd_per_mwh'])).toEqual({
      value: { power_price_usd_per_mwh: 45 },
      conflicts: [],
    });
  });

  it('names the old field when both are given', () => {
    expect(acceptDeprecatedNames({ prices_usd: [1], prices_usd_per_btc: [2] }, ['prices_usd_per_btc']).conflicts).toEqual(['prices_usd']);
  });
});

describe('the rename table', () => {
  it('notes each alias with its new name and the release that removes it', () => {
    expect(deprecationNote('power_price_usd_per_mwh')).toBe('deprecated alias of power_price_usd_per_mwh; removed in 0.3.0');
  });

  it('spells every new name in snake_case with a unit last, and no old name is also a new one', () => {
    for (const [now, old] of Object.entries(RENAMED)) {
      expect(now).toMatch(/^[a-z]+(_[a-z0-9]+)*_(usd_per_btc|usd_per_mwh)$/);
      expect(Object.keys(RENAMED)).not.toContain(old);
    }
  });
});
