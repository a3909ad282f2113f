import { describe, expect, it } from 'vitest';
import { RELEASE_UNSTATED, type AsicModel } from '../hardware/model.js';
import { fitFrontier, frontierPath } from './frontier.js';

function model(name: string, released: string, efficiency_jth: number, cooling: AsicModel['cooling'] = 'air'): AsicModel {
  return {
    id: name,
    manufacturer: 'test',
    model: name,
    hashrate_ths: 100,
    power_w: 100 * efficiency_jth,
    efficiency_jth,
    cooling,
    released,
    source: 'nominal',
  };
}

/**
 * A hand-made catalog whose air-cooled best falls by exactly 20% a year: 40 J/TH (2019), 32
 * (2020), 25.6 (2021-03 and again 2021-06, a tie). ln best = a + y·ln 0.8 exactly, so the fitted
 * improvement is 1 − 0.8 = 0.2. The other rows must be ignored: a worse model every year (a max
 * instead of a min would see 60 each year), a hydro model, an undated model, one released after
 * the start month.
 */
const CATALOG: AsicModel[] = [
  model('worse-2019', '2019-01', 60),
  model('best-2019', '2019-05', 40),
  model('hydro-2020', '2020-02', 10, 'hydro'),
  model('best-2020', '2020-06', 32),
  model('undated', RELEASE_UNSTATED, 5),
  model('best-2021-a', '2021-03', 25.6),
  model('best-2021-b', '2021-06', 25.6),
  model('after-start', '2022-01', 20),
  model('worse-2021', '2021-09', 50),
];

// The fitted slope comes from logs of the exact figures; 1e-12 is float rounding.
const TOL = 12;

describe('fitFrontier: ln best-to-date = a − g·y over the years, improvement 1 − e^(−g)', () => {
  it('recovers an exact 20%-a-year improvement from 2019 to 2021, best model first of a tie', () => {
    const f = fitFrontier(CATALOG, '2021-12');
    expect(f.improvement_annual).toBeCloseTo(0.2, TOL);
    expect(f).toMatchObject({ best_jth: 25.6, best_model: 'best-2021-a', from_year: 2019, to_year: 2021 });
  });

  it('a model released in the start month counts; one released after it does not', () => {
    // Start 2021-03: best-2021-a (released that month) is the best; 2021-06 and later are not yet out.
    const f = fitFrontier(CATALOG, '2021-03');
    expect(f).toMatchObject({ best_jth: 25.6, best_model: 'best-2021-a', from_year: 2019, to_year: 2021 });
    expect(f.improvement_annual).toBeCloseTo(0.2, TOL);
    // Start 2021-02: 2021's best is still 2020's 32 J/TH. Years 2019, 2020, 2021 at ln 40, ln 32, ln 32:
    // slope = (ln 32 − ln 40) / 2, so improvement = 1 − √0.8.
    const g = fitFrontier(CATALOG, '2021-02');
    expect(g).toMatchObject({ best_jth: 32, best_model: 'best-2020', from_year: 2019, to_year: 2021 });
    expect(g.improvement_annual).toBeCloseTo(1 - Math.sqrt(0.8), TOL);
  });

  it('two years fit a line through both points; one year has no slope (improvement 0)', () => {
    const two = fitFrontier(CATALOG, '2020-12');
    expect(two).toMatchObject({ best_jth: 32, best_model: 'best-2020', from_year: 2019, to_year: 2020 });
    expect(two.improvement_annual).toBeCloseTo(0.2, TOL);
    const one = fitFrontier(CATALOG, '2019-12');
    expect(one).toEqual({ best_jth: 40, best_model: 'best-2019', improvement_annual: 0, from_year: 2019, to_year: 2019 });
    // From 2021 on only one year enters the fit.
    expect(fitFrontier(CATALOG, '2021-12', 2021)).toEqual({ best_jth: 25.6, best_model: 'best-2021-a', improvement_annual: 0, from_year: 2021, to_year: 2021 });
  });

  it('skips years before the first release, and starts from fromYear', () => {
    // 2017 and 2018 have no model: the fit still starts at 2019.
    const f = fitFrontier(CATALOG, '2021-12', 2017);
    expect(f.from_year).toBe(2019);
    expect(f.improvement_annual).toBeCloseTo(0.2, TOL);
    // From 2020: ln 32, ln 25.6 over two years, still 20%.
    const g = fitFrontier(CATALOG, '2021-12', 2020);
    expect(g).toMatchObject({ from_year: 2020, to_year: 2021 });
    expect(g.improvement_annual).toBeCloseTo(0.2, TOL);
  });

  it('fits another cooling on its own models, and refuses a start with none released', () => {
    const hydro = fitFrontier(CATALOG, '2021-12', 2019, 'hydro');
    expect(hydro).toEqual({ best_jth: 10, best_model: 'hydro-2020', improvement_annual: 0, from_year: 2020, to_year: 2021 });
    expect(() => fitFrontier(CATALOG, '2018-12')).toThrow(new RangeError('no air-cooled models released by 2018-12'));
    expect(() => fitFrontier(CATALOG, '2020-01', 2019, 'immersion')).toThrow(new RangeError('no immersion-cooled models released by 2020-01'));
  });
});

describe('frontierPath: best · (1 − improvement)^(t/12)', () => {
  it('falls 20% a year from 25 J/TH: 25, 20 at twelve months, 16 at 24', () => {
    const p = frontierPath(25, 0.2, 25);
    expect(p.length).toBe(25);
    expect(p[0]).toBe(25);
    expect(p[6]).toBeCloseTo(25 * Math.sqrt(0.8), 12);
    expect(p[12]).toBeCloseTo(20, 12);
    expect(p[24]).toBeCloseTo(16, 12);
    expect(frontierPath(25, 0.2, 0).length).toBe(0);
  });
});
