/**
 * The long run of the security budget: the exact subsidy schedule to its end (height 6,929,999,
 * ~2140) and the fees miners would need to keep today's hashprice.
 *   hashprice (USD/PH/day) = blocks per PH/s per day(D) · (subsidy + fees per block) · P
 *                          = (144 / H_PH) · (subsidy + fees) · P at H = D·2³²/600   (src/economics/hashprice.ts)
 * Holding hashprice HP₀ under a scenario where price grows at g_P and hashrate at g_H per year
 * (for the scenario's first `growth_years`, flat after):
 *   fees needed (BTC/block) = HP₀ · H_PH(t) / (144 · P(t)) − subsidy(t),  floored at 0
 *   in USD per day          = 144 · fees · P(t)
 * Holding today's total miner revenue in USD per day instead (the "security budget"):
 *   fees needed (USD/day)   = Rev₀ − 144 · subsidy(t) · P(t)
 * HP₀ is the hashprice index's value for today (src/economics/hashprice-index.ts: the day's own fees,
 * `day_fees_btc_per_block`), so every command shows the same "today's hashprice"; the recent-window
 * mean of fees (`fees_btc_per_block`, labelled as such) is what fees needed are compared with.
 * Dates come from the height of today's last block, at the end of today (00:00 UTC the next day,
 * the tip `halvings` projects from), at one block per 600 s (projections, not consensus).
 */
import { HALVING_INTERVAL, LAST_SUBSIDY_HEIGHT, subsidySat } from '../chain/subsidy.js';
import { blocksPerPhDay, hashpriceUsdPerPhDay, hashrateFromDifficultyEhs, hashvalueSatPerPhDay } from '../economics/hashprice.js';
import { satToBtc } from '../units/sat.js';

export interface BudgetToday {
  date: string;
  height: number;
  price_usd_per_btc: number;
  /** Mean difficulty of the day; network hashrate follows it (D·2³²/600). */
  difficulty: number;
  /** Mean fees per block over the recent window (BTC). */
  fees_btc_per_block: number;
  /** The day's own fees per block (BTC), as the hashprice index prices the day; default fees_btc_per_block. */
  day_fees_btc_per_block?: number;
}

export interface BudgetScenario {
  name: string;
  description: string;
  price_growth_annual: number;
  hashrate_growth_annual: number;
  /** Growth stops after this many years (Infinity: never). */
  growth_years: number;
}

export interface BudgetRow {
  scenario: string;
  era: number;
  height: number;
  date: string;
  years_from_now: number;
  subsidy_btc: number;
  price_usd_per_btc: number;
  hashrate_ehs: number;
  fees_needed_btc_per_block: number;
  fees_needed_usd_per_day: number;
  /** Needed fees per block over today's (BTC). */
  fees_multiple_of_today: number;
  /** Fees needed to hold today's total miner revenue (USD/day), at this scenario's price. */
  fees_for_todays_budget_usd_per_day: number;
}

export interface BudgetResult {
  today: BudgetToday & { hashrate_ehs: number; subsidy_btc: number; hashprice_usd_per_ph_day: number; revenue_usd_per_day: number; fee_share: number };
  last_subsidy_height: number;
  last_subsidy_date: string;
  rows: BudgetRow[];
}

const BLOCKS_PER_DAY = 144;
const DAY_MS = 86_400_000;

/** The UTC date `blocks` blocks after the end of `date` (where its last block's height stands). */
function dateAfterBlocks(date: string, blocks: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS + (blocks / BLOCKS_PER_DAY) * DAY_MS).toISOString().slice(0, 10);
}

/** One row per halving era from the current one to the first era paying nothing, for each scenario. */
export function securityBudget(today: BudgetToday, scenarios: readonly BudgetScenario[]): BudgetResult {
  const sub0 = satToBtc(subsidySat(today.height));
  const dayFees = today.day_fees_btc_per_block ?? today.fees_btc_per_block;
  const hashprice = hashpriceUsdPerPhDay(hashvalueSatPerPhDay(today.difficulty, sub0 * 1e8, dayFees * 1e8), today.price_usd_per_btc);
  const hashrate0 = hashrateFromDifficultyEhs(today.difficulty);
  const revenue = BLOCKS_PER_DAY * (sub0 + dayFees) * today.price_usd_per_btc;
  const rows: BudgetRow[] = [];
  const firstEra = Math.floor(today.height / HALVING_INTERVAL);
  const lastEra = Math.floor(LAST_SUBSIDY_HEIGHT / HALVING_INTERVAL) + 1;
  for (const sc of scenarios) {
    for (let era = firstEra; era <= lastEra; era++) {
      const height = era === firstEra ? today.height : era * HALVING_INTERVAL;
      const years = (height - today.height) / BLOCKS_PER_DAY / 365.25;
      const subsidy = satToBtc(subsidySat(height));
      const grown = Math.min(years, sc.growth_years);
      const price = today.price_usd_per_btc * Math.pow(1 + sc.price_growth_annual, grown);
      const growth = Math.pow(1 + sc.hashrate_growth_annual, grown);
      // Difficulty follows hashrate; blocks per PH/s per day fall as it grows.
      const fees = Math.max(0, hashprice / (blocksPerPhDay(today.difficulty * growth) * price) - subsidy);
      rows.push({
        scenario: sc.name,
        era,
        height,
        date: era === firstEra ? today.date : dateAfterBlocks(today.date, height - today.height),
        years_from_now: years,
        subsidy_btc: subsidy,
        price_usd_per_btc: price,
        hashrate_ehs: hashrate0 * growth,
        fees_needed_btc_per_block: fees,
        fees_needed_usd_per_day: BLOCKS_PER_DAY * fees * price,
        fees_multiple_of_today: today.fees_btc_per_block > 0 ? fees / today.fees_btc_per_block : Infinity,
        fees_for_todays_budget_usd_per_day: Math.max(0, revenue - BLOCKS_PER_DAY * subsidy * price),
      });
    }
  }
  return {
    today: {
      ...today,
      hashrate_ehs: hashrate0,
      subsidy_btc: sub0,
      hashprice_usd_per_ph_day: hashprice,
      revenue_usd_per_day: revenue,
      fee_share: today.fees_btc_per_block / (sub0 + today.fees_btc_per_block),
    },
    last_subsidy_height: LAST_SUBSIDY_HEIGHT,
    last_subsidy_date: dateAfterBlocks(today.date, LAST_SUBSIDY_HEIGHT - today.height),
    rows,
  };
}

/**
 * The stated scenarios: flat (price and hashrate as today); efficiency (price flat, hashrate
 * growing as the machine frontier improves: the same power buys 1/(1 − improvement) more hash a
 * year); and the user's own growth rates when given.
 */
export function defaultScenarios(
  frontierImprovementAnnual: number,
  custom?: { price_growth_annual: number; hashrate_growth_annual: number; growth_years: number },
): BudgetScenario[] {
  const out: BudgetScenario[] = [
    { name: 'flat', description: 'BTC price and network hashrate stay at today’s level', price_growth_annual: 0, hashrate_growth_annual: 0, growth_years: 0 },
    {
      name: 'efficiency',
      description: `price flat; for 20 years hashrate grows ${((1 / (1 - frontierImprovementAnnual) - 1) * 100).toFixed(1)}%/yr at constant power as machines improve ${(frontierImprovementAnnual * 100).toFixed(1)}%/yr in J/TH (catalog fit), then flat`,
      price_growth_annual: 0,
      hashrate_growth_annual: 1 / (1 - frontierImprovementAnnual) - 1,
      growth_years: 20,
    },
  ];
  if (custom) {
    const yrs = Number.isFinite(custom.growth_years) ? `for ${custom.growth_years} years` : 'forever';
    out.push({
      name: 'custom',
      description: `price ${(custom.price_growth_annual * 100).toFixed(1)}%/yr, hashrate ${(custom.hashrate_growth_annual * 100).toFixed(1)}%/yr, ${yrs}`,
      ...custom,
    });
  }
  return out;
}
