/**
 * Whether a plain `update` (no --sources) should also fetch ERCOT hub prices: it should when a
 * stored fleet has a site whose contract reads one of ERCOT's hubs in real time, so that fleet's dispatch and reports
 * have the hours they need without anyone naming the source.
 */
import { ERCOT_HUBS } from '../../adapters/feeds/ercot.js';
import type { AsicModel } from '../../hardware/model.js';
import type { Store } from '../../ports/store.js';
import { parseUploadedFleet } from '../fleets.js';
import { contractIndex } from '../../economics/power-contract.js';

const HUBS = new Set<string>(ERCOT_HUBS);

/** "fleet name (HUB, …)" for each stored fleet naming an ERCOT hub, oldest upload first. */
export async function fleetsOnErcotHubs(store: Pick<Store, 'listFleets'>, catalog: readonly AsicModel[]): Promise<string[]> {
  const out: string[] = [];
  for (const spec of await store.listFleets()) {
    let hubs: string[];
    try {
      const { fleet } = parseUploadedFleet(spec.spec_format === 'json' ? (JSON.parse(spec.spec_text) as unknown) : spec.spec_text, catalog);
      // The ERCOT feed brings real-time prices: a day-ahead index is imported, not fetched.
      hubs = fleet.sites.flatMap((s) => {
        const ref = contractIndex(s.contract);
        return ref?.hub !== undefined && ref.market === 'real-time' && HUBS.has(ref.hub) ? [ref.hub] : [];
      });
    } catch {
      // A spec that no longer parses (a model gone from the catalog) says nothing about the feeds
      // to run; the fleet routes report it when it is read.
      continue;
    }
    if (hubs.length > 0) out.push(`${spec.name} (${[...new Set(hubs)].join(', ')})`);
  }
  return out;
}
