/**
 * The embedded hourly prices every dispatch falls back to. Choosing a site's column from a parsed
 * table is core logic (src/economics/hourly-prices.ts: sitePriceSeries, priceColumn); this module
 * only names the file in data/ and its default column.
 */

/** The embedded hourly prices in data/: ERCOT real-time, UTC year 2024, one column per hub (data/SOURCES.md). */
export const EMBEDDED_PRICES_FILE = 'ercot_hubs_hourly_2024.csv';
/** What a site naming no hub pays from the embedded file: the hub every site paid before hubs existed. */
export const EMBEDDED_DEFAULT_HUB = 'HB_WEST';
