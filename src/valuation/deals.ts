/**
 * Public AI/HPC hosting deals signed by Bitcoin miners, as default lease terms for a conversion.
 * Implied revenue per MW-year = contract value / (critical IT MW · years), from the companies'
 * announcements as summarised in docs/valuation.md. Backstop shares are this project's reading
 * of the announced guarantees (a third party covering that share of lease payments if the tenant
 * defaults), not contract terms; every field is overridable in the site file.
 */
export interface DealTerms {
  id: DealId;
  label: string;
  lease_usd_per_mw_year: number;
  term_years: number;
  /** Share of lease payments a guarantor keeps paying after a tenant default (0–1). */
  backstop_share: number;
}

export const DEAL_IDS = ['core-scientific-coreweave', 'terawulf-fluidstack', 'cipher-fluidstack', 'hut8-fluidstack'] as const;
export type DealId = (typeof DEAL_IDS)[number];

export const DEALS: Record<DealId, DealTerms> = {
  // ~$8.7B over 12 years for ~500 MW of critical IT load.
  'core-scientific-coreweave': {
    id: 'core-scientific-coreweave',
    label: 'Core Scientific–CoreWeave (2024)',
    lease_usd_per_mw_year: 1.45e6,
    term_years: 12,
    backstop_share: 0,
  },
  // ~$3.7B over 10 years for ~200 MW; Google backstops ~$1.8B of the lease obligations (~½).
  'terawulf-fluidstack': {
    id: 'terawulf-fluidstack',
    label: 'TeraWulf–Fluidstack, Google backstop (2025)',
    lease_usd_per_mw_year: 1.85e6,
    term_years: 10,
    backstop_share: 0.5,
  },
  // ~$3B over 10 years for 168 MW; Google backstops ~$1.4B (~0.47).
  'cipher-fluidstack': {
    id: 'cipher-fluidstack',
    label: 'Cipher–Fluidstack, Google backstop (2025)',
    lease_usd_per_mw_year: 1.79e6,
    term_years: 10,
    backstop_share: 0.47,
  },
  // ~$7B over 15 years for 245 MW.
  'hut8-fluidstack': { id: 'hut8-fluidstack', label: 'Hut 8–Fluidstack (2025)', lease_usd_per_mw_year: 1.9e6, term_years: 15, backstop_share: 0 },
};

/** HPC build cost per critical IT MW: TeraWulf guides $8–10M/MW; the midpoint. */
export const DEFAULT_HPC_CAPEX_USD_PER_MW = 9e6;
