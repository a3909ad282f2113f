import { describe, expect, it } from 'vitest';
import { flatLoadPrice } from './contract-flat-price.js';
import type { PowerContract } from './power-contract.js';

// Hand-worked: a flat 2 MW load over four reference hours priced 10, 20, 30, 40 USD/MWh (8 MWh).
const start_unix_s = Date.UTC(2025, 0, 1) / 1000;
const index_usd_per_mwh = [10, 20, 30, 40];
const hours = { start_unix_s, index_usd_per_mwh, hours: 8760, load_mw: 2, capacity_mw: 3 };
const rt = { hub: 'HB_WEST', market: 'real-time' as const };

describe('flatLoadPrice', () => {
  it('a fixed contract costs its price exactly, over `hours` (it reads no index, so the index hours are not used)', () => {
    const c: PowerContract = { kind: 'fixed', price_usd_per_mwh: 38, written_as: 'contract' };
    const p = flatLoadPrice(c, { ...hours, hours: 10 });
    expect(p.effective_usd_per_mwh).toBe(38);
    expect(p.bill.energy_mwh).toBe(20);
  });

  it('an index contract: the reference hours’ mean plus adders, over as many hours as the index has', () => {
    // (2 · (10 + 20 + 30 + 40) + 8 · $2) / 8 MWh = (200 + 16) / 8 = $27
    const c: PowerContract = { kind: 'index', index: rt, adders_usd_per_mwh: 2, fee_usd_per_month: 0, written_as: 'contract' };
    const p = flatLoadPrice(c, hours);
    expect(p.bill.energy_mwh).toBe(8);
    expect(p.effective_usd_per_mwh).toBe(27);
  });

  it('demand-response availability lowers the net price: (cost − availability) / energy', () => {
    // cost $200; availability $5/MW-h × min(1 MW, 2 MW) × 4 h = $20 → (200 − 20) / 8 = $22.50
    const c: PowerContract = {
      kind: 'index',
      index: rt,
      adders_usd_per_mwh: 0,
      fee_usd_per_month: 0,
      demand_response: { availability_usd_per_mw_hour: 5, committed_mw: 1, response_minutes: 10 },
      written_as: 'contract',
    };
    const p = flatLoadPrice(c, hours);
    expect(p.bill).toMatchObject({ cost_usd: 200, dr_availability_usd: 20 });
    expect(p.effective_usd_per_mwh).toBe(22.5);
  });

  it('resale of unused capacity credits (capacity − load) · (I − fee − F) each hour', () => {
    // F = $25, fee $1, 1 MW unused: credits 1 · (10 − 26), (20 − 26), (30 − 26), (40 − 26) = −16 − 6 + 4 + 14 = −4
    // → (8 · 25 − (−4)) / 8 = $25.50
    const c: PowerContract = { kind: 'fixed', price_usd_per_mwh: 25, resale: { index: rt, fee_usd_per_mwh: 1 }, written_as: 'contract' };
    expect(flatLoadPrice(c, hours).effective_usd_per_mwh).toBe(25.5);
  });

  it('no load has no price per MWh (NaN), even when a take-or-pay minimum still bills it', () => {
    const c: PowerContract = { kind: 'fixed', price_usd_per_mwh: 38, written_as: 'contract' };
    expect(flatLoadPrice(c, { ...hours, load_mw: 0 }).effective_usd_per_mwh).toBeNaN();
    // 744 MWh a month at $38: 10 hours of January owe 10 MWh, $380, drawn or not.
    const top: PowerContract = { ...c, take_or_pay_mwh_per_month: 744 };
    const p = flatLoadPrice(top, { ...hours, hours: 10, load_mw: 0 });
    expect(p.bill.take_or_pay_usd).toBeCloseTo(380, 9);
    expect(p.effective_usd_per_mwh).toBeNaN();
  });
});
