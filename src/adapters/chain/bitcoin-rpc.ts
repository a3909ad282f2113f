/**
 * ChainSource over Bitcoin Core JSON-RPC. Per range of heights, in batches: getblockhash for every
 * height; then getblock verbosity 1 (header fields — version, time, bits, previousblockhash — and
 * the coinbase txid) and getblockstats with only the fields used (height, time, totalfee, subsidy
 * — satoshis); then getrawtransaction of the coinbase with that block hash (works without
 * -txindex), parsed by hashfloor's own transaction parser (tag, payout addresses, amount claimed).
 * Four calls a block, in three batched round trips. At most
 * `concurrency` batches are in flight; Core's default is 4 RPC threads and a work queue of 16.
 */
import { ConflictError, UpstreamError } from '../../errors.js';
import { MAINNET, type AddressNetwork } from '../../chain/address.js';
import type { BlockRecord } from '../../chain/block-record.js';
import { coinbaseFacts } from '../../chain/coinbase.js';
import type { BlockHeader } from '../../chain/header.js';
import type { PoolIndex } from '../../chain/pools.js';
import { ByteReader, hexToBytes } from '../../chain/reader.js';
import { toBlockRecord } from '../../chain/to-record.js';
import { parseTransaction } from '../../chain/transaction.js';
import type { ChainSource, ChainTip } from '../../ports/chain-source.js';
import { mapLimit } from '../map-limit.js';
import { RpcClient, type RpcCall, type RpcClientOptions } from './rpc-client.js';

export interface BitcoinRpcOptions extends RpcClientOptions {
  /** Blocks per batch request. */
  batchSize?: number;
  /** Batches in flight at once. */
  concurrency?: number;
  pools?: PoolIndex | null;
  network?: AddressNetwork;
  /** The clock block times are checked against (default: the system's). */
  nowUnixS?: () => number;
}

/** Consensus refuses blocks timed more than 2 hours ahead of the node's clock; so does hashfloor. */
export const MAX_FUTURE_BLOCK_TIME_S = 2 * 3600;

interface HeaderJson {
  hash: string;
  height: number;
  version: number;
  time: number;
  nonce: number;
  bits: string;
  merkleroot: string;
  previousblockhash?: string;
}

interface StatsJson {
  height: number;
  totalfee: number;
  subsidy: number;
}

const STATS = ['height', 'time', 'totalfee', 'subsidy', 'blockhash'];
const ZERO = '0'.repeat(64);

export class BitcoinRpcSource implements ChainSource {
  readonly rpc: RpcClient;

  constructor(private readonly opts: BitcoinRpcOptions) {
    this.rpc = new RpcClient(opts);
  }

  async tip(): Promise<ChainTip> {
    const info = await this.rpc.call<{ blocks: number; bestblockhash: string }>('getblockchaininfo');
    return { hash: info.bestblockhash, height: info.blocks };
  }

  /** The node's network as getblockchaininfo names it: main, test, testnet4, signet or regtest. */
  async chain(): Promise<string> {
    return (await this.rpc.call<{ chain: string }>('getblockchaininfo')).chain;
  }

  hashAtHeight(height: number): Promise<string> {
    return this.rpc.call<string>('getblockhash', [height]);
  }

  async blocks(fromHeight: number, toHeight: number): Promise<BlockRecord[]> {
    const size = this.opts.batchSize ?? 50;
    const chunks: [number, number][] = [];
    for (let h = fromHeight; h <= toHeight; h += size) chunks.push([h, Math.min(h + size - 1, toHeight)]);
    const parts = await mapLimit(chunks, this.opts.concurrency ?? 4, ([a, b]) => this.chunk(a, b));
    const out = parts.flat();
    // A reorg while fetching could mix branches: refuse anything that does not link.
    for (let i = 1; i < out.length; i++) {
      if (out[i]?.prev_hash !== out[i - 1]?.hash) throw new ConflictError(`the node's chain changed while reading heights ${fromHeight}..${toHeight}`);
    }
    return out;
  }

  private async chunk(from: number, to: number): Promise<BlockRecord[]> {
    const heights = Array.from({ length: to - from + 1 }, (_, i) => from + i);
    const hashes = (await this.rpc.batch(heights.map((h) => ({ method: 'getblockhash', params: [h] })))) as string[];
    // getblock verbosity 1 carries every header field getblockheader would (hash, height, version,
    // time, bits, nonce, merkleroot, previousblockhash) plus the txids, whose first is the coinbase:
    // one call instead of two. Verbosity 2 would also decode the coinbase, but every transaction.
    const round2: RpcCall[] = [];
    for (const hash of hashes) round2.push({ method: 'getblock', params: [hash, 1] }, { method: 'getblockstats', params: [hash, STATS] });
    const r2 = await this.rpc.batch(round2);
    const txids = hashes.map((_, i) => {
      const txs = (r2[i * 2] as { tx?: unknown[] }).tx;
      const first = txs?.[0];
      if (typeof first !== 'string') throw new UpstreamError(`getblock ${hashes[i]} returned no txids`);
      return first;
    });
    const raws = (await this.rpc.batch(txids.map((txid, i) => ({ method: 'getrawtransaction', params: [txid, false, hashes[i]] })))) as string[];
    return hashes.map((hash, i) => {
      const h = r2[i * 2] as HeaderJson;
      const stats = r2[i * 2 + 1] as StatsJson;
      if (h.hash !== hash || h.height !== heights[i]) throw new ConflictError(`getblock ${hash} answered for ${h.hash} at ${h.height}`);
      const now = this.opts.nowUnixS?.() ?? Math.floor(Date.now() / 1000);
      if (!Number.isSafeInteger(h.time) || h.time > now + MAX_FUTURE_BLOCK_TIME_S) {
        throw new UpstreamError(
          `the node at ${this.opts.url} reports block ${h.height} timed ${h.time} (${new Date(h.time * 1000).toISOString()}), more than 2 hours in the future; a valid chain cannot hold it`,
        );
      }
      const header: BlockHeader = {
        hash,
        prev_hash: h.previousblockhash ?? ZERO,
        version: h.version,
        time_unix_s: h.time,
        bits: Number.parseInt(h.bits, 16),
        nonce: h.nonce,
        merkle_root: h.merkleroot,
      };
      const tx = parseTransaction(new ByteReader(hexToBytes(raws[i] as string, 'coinbase hex'), 0, `coinbase of ${hash}`));
      const facts = coinbaseFacts(tx, this.opts.network ?? MAINNET);
      return toBlockRecord(header, h.height, facts, this.opts.pools ?? null, BigInt(stats.totalfee));
    });
  }
}
