import { describe, expect, it } from 'vitest';
import { hpcFlows, miningWeights, type PhaseAt } from './hpc.js';
import { HOURS_PER_MONTH } from './model.js';
import type { HpcTerms } from './terms.js';

/**
 * Hand-worked HPC schedules. 10 gross MW, half converted, at PUE 1.25: IT MW = 0.5 · 10 / 1.25 = 4.
 * Capex $8M per IT MW = $32M, over 4 build months = $8M a month; lease $1.2M per MW-year = $400,000
 * a month for 4 MW, escalated 3% from the lease's second year ($412,000); opex $60,000 per MW-year =
 * $20,000 a month; residual 10% of capex = $3.2M in the lease's last month.
 */
const TERMS: HpcTerms = {
  deal: 'core-scientific-coreweave',
  convertible_share: 1,
  pue: 1.25,
  capex_usd_per_mw: 8e6,
  build_months: 4,
  lease_usd_per_mw_year: 1.2e6,
  escalator_annual: 0.03,
  term_months: 24,
  power_paid_by: 'tenant',
  power_price_usd_per_mwh: 50,
  opex_usd_per_mw_year: 60_000,
  residual_share_of_capex: 0.1,
  default_probability_annual: 0.03,
  backstop_share: 0.5,
  relet_after_months: 6,
  relet_share: 0.8,
};
const half = (start: number): PhaseAt => ({ share: 0.5, start_month: 'unused', start });

// Sums of a few round numbers: exact to a few ulps of $10⁶.
const close = (got: number, want: number): void => expect(got).toBeCloseTo(want, 6);

describe('hpcFlows', () => {
  it('capex over the build, then lease − opex each month, the residual in the last; backstop and re-let shares of the lease', () => {
    const f = hpcFlows(TERMS, 10, [half(2)], 0, 12);
    // Lease from month 2 + 4 = 6 for 24 months: flows run to month 29, past the 12-month horizon.
    expect(f.no_default.length).toBe(30);
    expect(f.first_lease_month).toBe(6);
    for (const flow of [f.no_default, f.defaulted, f.relet]) {
      expect([...flow.slice(0, 6)]).toEqual([0, 0, -8e6, -8e6, -8e6, -8e6]);
    }
    close(f.no_default[6]!, 400_000 - 20_000);
    close(f.no_default[17]!, 400_000 - 20_000);
    close(f.no_default[18]!, 412_000 - 20_000);
    close(f.no_default[29]!, 412_000 - 20_000 + 3.2e6);
    // Defaulted: the backstop pays half the lease; opex and the residual continue.
    close(f.defaulted[6]!, 200_000 - 20_000);
    close(f.defaulted[29]!, 206_000 - 20_000 + 3.2e6);
    // Re-let at 80% of the original lease (above the 50% backstop).
    close(f.relet[6]!, 320_000 - 20_000);
    close(f.relet[29]!, 329_600 - 20_000 + 3.2e6);
    // Lease revenue per $1/MW-year: 4 MW / 12, escalated alike.
    close(f.lease_unit_no_default[6]!, 4 / 12);
    close(f.lease_unit_no_default[18]!, (4 / 12) * 1.03);
    close(f.lease_unit_defaulted[6]!, 2 / 12);
    close(f.lease_unit_relet[6]!, 3.2 / 12);
    expect(f.lease_unit_no_default[5]).toBe(0);
  });

  it('a re-let share below the backstop pays the backstop (a landlord re-lets only above the guarantee)', () => {
    const f = hpcFlows({ ...TERMS, relet_share: 0.3 }, 10, [half(0)], 0, 1);
    close(f.relet[4]!, 200_000 - 20_000);
    close(f.lease_unit_relet[4]!, 2 / 12);
  });

  it('with no build time the capex falls in the phase month and the lease starts there; flows run one month past it', () => {
    const f = hpcFlows({ ...TERMS, build_months: 0, term_months: 12 }, 10, [half(3)], 0, 1);
    // end = start + max(build, 1) + term = 3 + 1 + 12.
    expect(f.no_default.length).toBe(16);
    expect(f.first_lease_month).toBe(3);
    close(f.no_default[3]!, -32e6 + 380_000);
    close(f.defaulted[3]!, -32e6 + 180_000);
    close(f.relet[3]!, -32e6 + 300_000);
    close(f.no_default[14]!, 380_000 + 3.2e6);
    expect(f.no_default[15]).toBe(0);
    // A lease from month 0 stays the first when a later phase follows.
    const zeroFirst = hpcFlows({ ...TERMS, build_months: 0 }, 10, [half(0), { share: 0.25, start_month: 'unused', start: 5 }], 0, 1);
    expect(zeroFirst.first_lease_month).toBe(0);
  });

  it('the landlord pays power: IT MW · PUE · hours · price, escalated by (1 + e)^(t/12) from the valuation start', () => {
    const f = hpcFlows({ ...TERMS, power_paid_by: 'landlord' }, 10, [half(0)], 0.04, 1);
    // 4 IT MW · 1.25 · 730.5 h · $50 = $182,625 a month before escalation.
    const power = (t: number): number => 4 * 1.25 * HOURS_PER_MONTH * 50 * Math.pow(1.04, t / 12);
    expect(power(0)).toBeCloseTo(182_625, 6);
    // Month 4 (the first lease month): 1.04^(1/3) = 1.013159…
    close(f.no_default[4]!, 400_000 - power(4) - 20_000);
    close(f.defaulted[4]!, 0.5 * (400_000 - power(4)) - 20_000);
    close(f.relet[4]!, 0.8 * (400_000 - power(4)) - 20_000);
    // Month 27 (the last): third-year lease and power, plus the residual.
    close(f.no_default[27]!, 412_000 - power(27) - 20_000 + 3.2e6);
    close(f.relet[27]!, 0.8 * (412_000 - power(27)) - 20_000 + 3.2e6);
    // Power does not change the lease-unit arrays (∂flow/∂lease rate).
    close(f.lease_unit_no_default[4]!, 4 / 12);
  });

  it('opex scales with IT MW, not inversely', () => {
    // 12 gross MW, whole site, PUE 1: 12 IT MW, opex $60,000/MW-year = $60,000 a month.
    const f = hpcFlows({ ...TERMS, pue: 1, residual_share_of_capex: 0 }, 12, [{ share: 1, start_month: 'unused', start: 0 }], 0, 1);
    close(f.no_default[4]!, 1.2e6 - 60_000);
  });

  it('the first lease month is the earliest phase’s, whatever order the phases come in', () => {
    const later = { share: 0.25, start_month: 'unused', start: 10 };
    const early = { share: 0.25, start_month: 'unused', start: 2 };
    expect(hpcFlows(TERMS, 10, [later, early], 0, 1).first_lease_month).toBe(6);
    expect(hpcFlows(TERMS, 10, [early, later], 0, 1).first_lease_month).toBe(6);
    // The flows end with the later phase's lease: 10 + 4 + 24.
    expect(hpcFlows(TERMS, 10, [early, later], 0, 1).no_default.length).toBe(38);
    expect(hpcFlows(TERMS, 10, [], 0, 7)).toMatchObject({ first_lease_month: -1 });
    expect(hpcFlows(TERMS, 10, [], 0, 7).no_default.length).toBe(7);
  });

  it('tax takes 25% of each positive month and scales the lease units there; negative months keep their loss', () => {
    const f = hpcFlows(TERMS, 10, [half(0)], 0, 1, 0.25);
    for (const flow of [f.no_default, f.defaulted, f.relet]) close(flow[0]!, -8e6);
    close(f.no_default[4]!, 0.75 * 380_000);
    close(f.defaulted[4]!, 0.75 * 180_000);
    close(f.relet[4]!, 0.75 * 300_000);
    close(f.no_default[27]!, 0.75 * (392_000 + 3.2e6));
    close(f.lease_unit_no_default[4]!, 0.75 * (4 / 12));
    close(f.lease_unit_defaulted[4]!, 0.75 * (2 / 12));
    close(f.lease_unit_relet[4]!, 0.75 * (3.2 / 12));
  });

  it('a month whose flow is exactly 0 pays no tax and keeps its full lease unit', () => {
    // 12 IT MW at $1.2M/MW-year lease and $1.2M/MW-year opex: lease unit 1, flow 1.2M − 1.2M = 0.
    const even: HpcTerms = { ...TERMS, pue: 1, opex_usd_per_mw_year: 1.2e6, residual_share_of_capex: 0, escalator_annual: 0 };
    const f = hpcFlows(even, 12, [{ share: 1, start_month: 'unused', start: 0 }], 0, 1, 0.25);
    expect(f.no_default[4]).toBe(0);
    expect(f.lease_unit_no_default[4]).toBe(1);
    // The backstop month loses money (0.5 · 1.2M − 1.2M): untaxed, unit unscaled.
    close(f.defaulted[4]!, -600_000);
    expect(f.lease_unit_defaulted[4]).toBe(0.5);
  });
});

describe('miningWeights', () => {
  it('1 − the shares of the phases started by each month, from each phase’s start month', () => {
    const w = miningWeights(
      [
        { share: 0.25, start_month: 'unused', start: 3 },
        { share: 0.5, start_month: 'unused', start: 5 },
      ],
      7,
    );
    expect([...w]).toEqual([1, 1, 1, 0.75, 0.75, 0.25, 0.25]);
  });

  it('clamps at 0 when the shares add to the whole site with rounding below it (0.3 + 0.3 + 0.4)', () => {
    // In floating point 1 − 0.3 − 0.3 − 0.4 = −5.6e−17.
    expect(1 - 0.3 - 0.3 - 0.4).toBeLessThan(0);
    const w = miningWeights(
      [
        { share: 0.3, start_month: 'unused', start: 0 },
        { share: 0.3, start_month: 'unused', start: 1 },
        { share: 0.4, start_month: 'unused', start: 2 },
      ],
      4,
    );
    expect(w[0]).toBeCloseTo(0.7, 15);
    expect(w[1]).toBeCloseTo(0.4, 15);
    // toBe is Object.is: −5.6e−17 (or −0) would fail it.
    expect(w[2]).toBe(0);
    expect(w[3]).toBe(0);
  });
});
