/**
 * Block sizes shaped like mainnet's, by 50,000-height band, for block-file benches.
 *
 * Mean serialized block size (bytes) of each band, heights 0–899,999, from the team's shared data
 * folder (provenance in its SOURCES.md):
 *  - heights 0–649,999: Coin Metrics community daily BlkSizeByte / BlkCnt
 *    (coinmetrics_community_btc_daily_2009-01-03_2020-07-27.csv), bands by the cumulative block count
 *    (the file ends at height ≈ 641,100, so the 600k band is its 41,100 blocks);
 *  - 650,000–699,999: getblockstats total_size of heights 679,999–699,998 (1,172,000 mean);
 *  - 750,000–799,999: getblockstats of heights 776,424–786,423 (1,990,000 mean, the inscriptions spring of 2023);
 *  - 700k–749k, 800k–899k: no sample in the data; linear between the 2021 mean (at ~690k), the 2023
 *    mean (~781k) and the 2026 mean of heights 930,180–934,575 (1,580,007 at ~932k).
 * Their sum, 50,000 × Σ means ≈ 713 GB, is the size of mainnet's block files at height 900k
 * (≈ 700 GB reported by nodes), so a 1-in-N sample of heights has mainnet's records per byte.
 */
export const BAND_HEIGHTS = 50_000;

export const BAND_MEAN_BYTES: readonly number[] = [
  239, 958, 12_589, 49_303, 133_612, 175_976, 297_189, 544_961, 797_595, 949_465, 869_126, 1_072_580, 1_099_623, 1_172_000, 1_486_615, 1_990_000, 1_870_532,
  1_734_773,
];

/** Core's MAX_BLOCK_SERIALIZED_SIZE. */
const MAX_BLOCK_BYTES = 4_000_000;

/**
 * Size (bytes) wanted for a block at `height`: the band's mean × a factor spread evenly over
 * 0.5–1.5 (a low-discrepancy sequence in the height, so every band keeps its mean), at most 4 MB.
 * Callers clamp it up to their smallest possible block (header + coinbase, ~281 bytes here, where
 * mainnet's earliest are 215): the first band's mean is therefore ~290 bytes, not 239.
 */
export function mainnetBlockBytes(height: number): number {
  const band = Math.min(Math.floor(height / BAND_HEIGHTS), BAND_MEAN_BYTES.length - 1);
  const spread = 0.5 + ((height * 0.6180339887498949) % 1);
  return Math.min(MAX_BLOCK_BYTES, Math.round((BAND_MEAN_BYTES[band] as number) * spread));
}

/** Heights of mainnet's first 900,000 blocks. */
export const MAINNET_HEIGHTS = BAND_HEIGHTS * BAND_MEAN_BYTES.length;
