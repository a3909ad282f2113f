/**
 * The company's costs that are not energy, per UTC day (pure):
 *   SG&A per day          = sga_usd_per_month · 12 / 365.25
 *   site opex per day     = opex_usd_per_month · 12 / 365.25  (direct opex, part of cash cost)
 *   depreciation per day  = count · purchase price / (depreciation_years · 365.25), straight line,
 *                           from the purchase date for depreciation_years, zero after
 *   interest per day      = outstanding principal · rate / 365.25 (simple, act/365.25), from the
 *                           facility's start for term_months; outstanding is the principal for a
 *                           bullet facility and principal · (1 − whole months elapsed / term) for a
 *                           linear one (equal monthly repayments at each month's anniversary)
 */
import type { DebtFacility, Lot } from './fleet.js';
import { daysBetween } from '../units/time.js';

export const DAYS_PER_YEAR = 365.25;
export const MONTHS_PER_YEAR = 12;

export const perMonthToPerDay = (usd_per_month: number): number => (usd_per_month * MONTHS_PER_YEAR) / DAYS_PER_YEAR;

/** Whole calendar months from `from` to `date` (a month counts on its day-of-month anniversary). */
export function wholeMonthsBetween(from: string, date: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (y - fy) * 12 + (m - fm) - (d < fd ? 1 : 0);
}

/** Principal outstanding on `date` (0 before the start and from maturity on). */
export function outstandingPrincipalUsd(debt: DebtFacility, date: string): number {
  if (date < debt.start_date) return 0;
  const months = wholeMonthsBetween(debt.start_date, date);
  if (months >= debt.term_months) return 0;
  return debt.amortisation === 'bullet' ? debt.principal_usd : debt.principal_usd * (1 - months / debt.term_months);
}

export function interestUsdOnDay(debts: readonly DebtFacility[], date: string): number {
  return debts.reduce((sum, d) => sum + (outstandingPrincipalUsd(d, date) * (d.rate_pct / 100)) / DAYS_PER_YEAR, 0);
}

/** True when the lot is installed (hashing, drawing power) on `date`: from its purchase date on. */
export const lotActive = (lot: Lot, date: string): boolean => date >= lot.purchase_date;

export function depreciationUsdOnDay(lot: Lot, date: string): number {
  if (!lotActive(lot, date)) return 0;
  const lifeDays = lot.depreciation_years * DAYS_PER_YEAR;
  if (daysBetween(lot.purchase_date, date) >= lifeDays) return 0;
  return (lot.count * lot.purchase_price_usd_per_unit) / lifeDays;
}
