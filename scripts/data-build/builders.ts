/**
 * Every builder of data/, in the order the build runs them. A file of data/ that no entry here
 * writes must be hand-made and say so in data/SOURCES.md (only SOURCES.md itself is).
 */
import { BTCBESS, MINING_DATA, NOMINAL, buildAsicCatalog } from '../build-asic-catalog.js';
import { ERCOT_HUBS, buildErcotHubs } from '../build-ercot-hubs.js';
import { ERCOT_HUBS_ALL_FILE, buildErcotHubsAll } from '../build-ercot-hubs-2023-2025.js';
import { BLOCKSTATS, COMBINED, YAHOO, buildNetworkDaily } from '../build-network-daily.js';
import { copyVerbatim } from '../copy-verbatim.js';
import type { Builder } from './builder.js';

export const BUILDERS: readonly Builder[] = [
  {
    name: 'network-daily',
    script: 'scripts/build-network-daily.ts',
    inputs: [COMBINED, ...BLOCKSTATS, YAHOO],
    outputs: ['network_daily.csv', 'datasets.json'],
    build: buildNetworkDaily,
  },
  {
    name: 'asic-catalog',
    script: 'scripts/build-asic-catalog.ts',
    inputs: [NOMINAL, BTCBESS, MINING_DATA],
    outputs: ['asic_models.csv'],
    build: buildAsicCatalog,
  },
  {
    name: 'ercot-hubs',
    script: 'scripts/build-ercot-hubs.ts',
    inputs: [ERCOT_HUBS],
    outputs: ['ercot_hubs_hourly_2024.csv'],
    build: buildErcotHubs,
  },
  {
    name: 'ercot-hubs-2023-2025',
    script: 'scripts/build-ercot-hubs-2023-2025.ts',
    inputs: [ERCOT_HUBS],
    outputs: [ERCOT_HUBS_ALL_FILE],
    build: buildErcotHubsAll,
  },
  {
    name: 'difficulty-epochs',
    script: 'scripts/copy-verbatim.ts',
    inputs: ['btc_difficulty_epochs.csv'],
    outputs: ['difficulty_epochs.csv'],
    build: copyVerbatim('btc_difficulty_epochs.csv', 'difficulty_epochs.csv'),
  },
  {
    name: 'mining-pools',
    script: 'scripts/copy-verbatim.ts',
    inputs: ['mempool_pools-v2.json'],
    outputs: ['mining-pools-v2.json'],
    build: copyVerbatim('mempool_pools-v2.json', 'mining-pools-v2.json'),
  },
];
