import { describe, expect, it } from 'vitest';
import { comparedRegimes, driftFor } from './drift.js';

// σ = 0.2 a month: the lognormal correction σ²/2 = 0.02 a month, 0.24 a year.
const ctx = { fitted_mu_monthly: 0.03, sigma_monthly: 0.2, discount_rate_annual: 0.1 };

describe('BTC drift regimes', () => {
  it('zero: 12·μ = −12·σ²/2 and no expected growth; historical: the fitted 12·μ, growing e^(12·(μ + σ²/2)) − 1', () => {
    const zero = driftFor('zero', ctx);
    expect(zero.drift_annual).toBeCloseTo(-0.24, 14);
    expect(zero.expected_growth_annual).toBeCloseTo(0, 14);
    const hist = driftFor('historical', ctx);
    expect(hist.drift_annual).toBeCloseTo(0.36, 14);
    expect(hist.expected_growth_annual).toBeCloseTo(Math.exp(0.6) - 1, 14);
  });

  it('user: the given annual log drift; refused when none is given', () => {
    const user = driftFor('user', { ...ctx, user_drift_annual: 0.12 });
    expect(user.drift_annual).toBeCloseTo(0.12, 14);
    expect(user.expected_growth_annual).toBeCloseTo(Math.exp(0.36) - 1, 14);
    expect(() => driftFor('user', ctx)).toThrow(new RangeError('the user drift regime needs btc_drift_pct_per_year'));
  });

  it('compares the three stated regimes, and the user’s when given', () => {
    expect(comparedRegimes(ctx)).toEqual(['zero', 'historical', 'risk-neutral']);
    expect(comparedRegimes({ ...ctx, user_drift_annual: 0.12 })).toEqual(['zero', 'historical', 'risk-neutral', 'user']);
  });
});
