/**
 * Keeps networks apart: blocks of one network never go into a store of another (a regtest chain's
 * difficulty of ~5e-10 merged over mainnet's day would make its hashprice ~1e25 USD/PH/day). The
 * store records its network when it is created (migration 009); the node's own word —
 * getblockchaininfo.chain over RPC, the record magic in block files — is checked against
 * --network by the source.
 */
import { UsageError } from '../../errors.js';
import type { Store, StoreNetwork } from '../../ports/store.js';

/** What Bitcoin Core's getblockchaininfo calls each network. */
const CORE_CHAIN: Record<StoreNetwork, string> = { main: 'main', testnet: 'test', testnet4: 'testnet4', signet: 'signet', regtest: 'regtest' };

/** Throws a UsageError naming --network and --db unless `store` holds `network`. */
export async function assertStoreNetwork(store: Store, network: StoreNetwork, db: string | undefined): Promise<void> {
  const held = await store.network();
  if (held === network) return;
  const where = db === undefined ? 'the default store' : `the store at --db ${db}`;
  throw new UsageError(
    `--network ${network} does not match ${where}, which holds ${held}: give --db a store for ${network} (a new one is created for it) or --network ${held}`,
  );
}

/** Throws a UsageError naming --network unless the node's getblockchaininfo.chain is `network`'s. */
export function assertNodeChain(chain: string, network: StoreNetwork): void {
  if (chain === CORE_CHAIN[network]) return;
  const match = (Object.keys(CORE_CHAIN) as StoreNetwork[]).find((n) => CORE_CHAIN[n] === chain);
  throw new UsageError(`the node at --rpc is on ${chain}, not --network ${network}${match ? `: pass --network ${match} (with a --db for it)` : ''}`);
}
