import { describe, expect, it } from 'vitest';
import { depreciationUsdOnDay, interestUsdOnDay, lotActive, outstandingPrincipalUsd, perMonthToPerDay, wholeMonthsBetween } from './company-costs.js';
import type { DebtFacility, Lot } from './fleet.js';

const loan: DebtFacility = { name: 'equipment', principal_usd: 24_000_000, rate_pct: 12, start_date: '2024-06-15', term_months: 24, amortisation: 'linear' };
const notes: DebtFacility = { ...loan, name: 'notes', amortisation: 'bullet', principal_usd: 36_525_000, rate_pct: 10 };

describe('company costs per day', () => {
  it('a month counts on its day-of-month anniversary', () => {
    expect(wholeMonthsBetween('2024-06-15', '2024-07-14')).toBe(0);
    expect(wholeMonthsBetween('2024-06-15', '2024-07-15')).toBe(1);
    expect(wholeMonthsBetween('2024-06-15', '2025-06-14')).toBe(11);
    expect(wholeMonthsBetween('2024-06-15', '2025-06-15')).toBe(12);
    expect(wholeMonthsBetween('2024-01-31', '2024-02-29')).toBe(0);
    expect(wholeMonthsBetween('2024-01-31', '2024-03-31')).toBe(2);
  });

  it('linear debt repays 1/term a month from the start; nothing is owed before it or from maturity on', () => {
    expect(outstandingPrincipalUsd(loan, '2024-06-14')).toBe(0);
    expect(outstandingPrincipalUsd(loan, '2024-06-15')).toBe(24_000_000);
    expect(outstandingPrincipalUsd(loan, '2024-07-15')).toBe(23_000_000);
    expect(outstandingPrincipalUsd(loan, '2026-06-14')).toBeCloseTo(1_000_000, 6); // month 23
    expect(outstandingPrincipalUsd(loan, '2026-06-15')).toBe(0); // month 24: repaid
    expect(outstandingPrincipalUsd(notes, '2026-06-14')).toBe(36_525_000);
    expect(outstandingPrincipalUsd(notes, '2026-06-15')).toBe(0);
  });

  it('interest is outstanding · rate / 365.25, summed over the facilities', () => {
    expect(interestUsdOnDay([notes], '2025-01-01')).toBeCloseTo(10_000, 9); // 36.525M · 10% / 365.25
    expect(interestUsdOnDay([loan, notes], '2024-07-15')).toBeCloseTo((23_000_000 * 0.12 + 36_525_000 * 0.1) / 365.25, 9);
    expect(interestUsdOnDay([], '2025-01-01')).toBe(0);
    expect(perMonthToPerDay(30_437.5)).toBeCloseTo(1000, 12);
  });

  it('depreciation runs straight-line from the purchase date for its years, zero before and after', () => {
    const lot = { count: 1000, purchase_price_usd_per_unit: 3000, purchase_date: '2024-01-01', depreciation_years: 1 } as Lot;
    expect(lotActive(lot, '2023-12-31')).toBe(false);
    expect(lotActive(lot, '2024-01-01')).toBe(true);
    expect(depreciationUsdOnDay(lot, '2023-12-31')).toBe(0);
    expect(depreciationUsdOnDay(lot, '2024-01-01')).toBeCloseTo(3_000_000 / 365.25, 9);
    // 365.25 days of life: day 365 (2024-12-31) still depreciates, day 366 does not.
    expect(depreciationUsdOnDay(lot, '2024-12-31')).toBeCloseTo(3_000_000 / 365.25, 9);
    expect(depreciationUsdOnDay(lot, '2025-01-01')).toBe(0);
    expect(depreciationUsdOnDay({ ...lot, depreciation_years: 4 }, '2027-12-31')).toBeCloseTo(3_000_000 / 1461, 9);
    expect(depreciationUsdOnDay({ ...lot, depreciation_years: 4 }, '2028-01-01')).toBe(0); // 1,461 days
  });
});
