/**
 * The embedded hourly prices every dispatch falls back to. Choosing a site's column from a parsed
 * table is core logic (src/economics/hourly-prices.ts: sitePriceSeries, priceColumn); this module
 * only names the files in data/, the years they cover and their default column.
 */

/** The embedded hourly prices in data/: ERCOT real-time, UTC year 2024, one column per hub (data/SOURCES.md). */
export const EMBEDDED_PRICES_FILE = 'ercot_hubs_hourly_2024.csv';
/** The same hubs over the Central-time years 2023–2025 (data/SOURCES.md), for ranges outside 2024. */
export const EMBEDDED_PRICES_2023_2025_FILE = 'ercot_hubs_hourly_2023_2025.csv';
/** The UTC days the 2024 file covers: a plan inside them (or naming no days) reads it, as it always did. */
export const EMBEDDED_PRICES_DAYS = { from: '2024-01-01', to: '2024-12-31' } as const;
/** What a site naming no hub pays from the embedded file: the hub every site paid before hubs existed. */
export const EMBEDDED_DEFAULT_HUB = 'HB_WEST';
