/**
 * A local stand-in for Bitcoin Core's JSON-RPC server (node:http on 127.0.0.1, random port),
 * backed by a synthetic chain, for tests and benchmarks. It implements the methods hashfloor uses
 * as Core documents them: getblockchaininfo, getblockcount, getbestblockhash, getblockhash,
 * getblockheader, getblockstats, getblock (verbosity 0/1/2), getrawtransaction (with blockhash).
 * Error codes: -8 (RPC_INVALID_PARAMETER: height out of range, unknown stat), -5
 * (RPC_INVALID_ADDRESS_OR_KEY: block/tx not found), -32601 (method not found), -32700 (parse
 * error), -28 (warming up). Single requests answer HTTP 500 with the error object (Core's legacy
 * 1.0 behaviour), batches answer 200 with one response per request. Basic auth; a work queue of
 * `workQueue` requests beyond which it answers 503 like Core; injectable 429/503/-28 failures and a
 * per-request service time to model a node doing disk reads.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseBlockPrefix } from '../../src/chain/block.js';
import { bitsToDifficulty, workForBits } from '../../src/chain/difficulty.js';
import { hash256, reversedHex } from '../../src/chain/header.js';
import { bytesToHex } from '../../src/chain/reader.js';
import { scriptToAddress } from '../../src/chain/address.js';
import { subsidySat } from '../../src/chain/subsidy.js';
import type { SynthBlock } from './synthetic-chain.js';

export interface FakeNodeOptions {
  /** What getblockchaininfo calls the chain (main, test, testnet4, signet, regtest); default regtest, the synthetic chain's bits. */
  chain?: string;
  user?: string;
  password?: string;
  /** Requests being served at once beyond which the server answers 503 (Core: -rpcworkqueue 16 + 4 threads). */
  workQueue?: number;
  /** Service time per HTTP request and per call in it (ms), to model a real node. */
  requestMs?: number;
  callMs?: number;
  /** Status answered when the work queue is full: 503 like Core, or 429 like a rate-limiting proxy. */
  overloadStatus?: 429 | 503;
}

interface Failures {
  http429: number;
  http503: number;
  warmup: number;
}

class RpcFail extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export class FakeNode {
  private chain: SynthBlock[] = [];
  private readonly all = new Map<string, SynthBlock>();
  private readonly coinbaseTxid = new Map<string, { txid: string; hex: string }>();
  private readonly chainwork = new Map<string, bigint>();
  private server: Server | null = null;
  private inFlight = 0;
  readonly pending: Failures = { http429: 0, http503: 0, warmup: 0 };
  readonly served = { requests: 0, calls: 0, http401: 0, http429: 0, http503: 0, maxInFlight: 0 };
  url = '';
  password: string;

  constructor(
    blocks: readonly SynthBlock[],
    private readonly opts: FakeNodeOptions = {},
  ) {
    this.password = opts.password ?? 'pass';
    this.setChain(blocks);
  }

  /** Replaces the active chain (a reorg when it shares a prefix with the old one). */
  setChain(blocks: readonly SynthBlock[]): void {
    this.chain = [...blocks];
    for (const b of blocks) {
      this.all.set(b.hash, b);
      this.chainwork.set(b.hash, (this.chainwork.get(b.prev_hash) ?? 0n) + workForBits(b.bits));
      const p = parseBlockPrefix(b.bytes);
      const cbBytes = b.bytes.subarray(81, p.prefixBytes);
      // txid hashes the serialization without witness; the synthetic coinbase has marker, flag and one 33-byte witness.
      const noWit = new Uint8Array(cbBytes.length - 2 - 34);
      noWit.set(cbBytes.subarray(0, 4), 0);
      noWit.set(cbBytes.subarray(6, cbBytes.length - 38), 4);
      noWit.set(cbBytes.subarray(cbBytes.length - 4), noWit.length - 4);
      this.coinbaseTxid.set(b.hash, { txid: reversedHex(hash256(noWit)), hex: bytesToHex(cbBytes) });
    }
  }

  get tip(): SynthBlock {
    return this.chain[this.chain.length - 1] as SynthBlock;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => this.server?.close(() => ok()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    this.served.requests++;
    const send = (status: number, body: string): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    };
    const expected = `Basic ${Buffer.from(`${this.opts.user ?? '__cookie__'}:${this.password}`).toString('base64')}`;
    if (req.headers.authorization !== expected) {
      this.served.http401++;
      res.writeHead(401, { 'www-authenticate': 'Basic realm="jsonrpc"' }).end();
      return;
    }
    if (this.pending.http429 > 0) {
      this.pending.http429--;
      this.served.http429++;
      send(429, 'Too Many Requests');
      return;
    }
    if (this.inFlight >= (this.opts.workQueue ?? 20) && this.opts.overloadStatus === 429) {
      this.served.http429++;
      send(429, 'Too Many Requests');
      return;
    }
    if (this.pending.http503 > 0 || this.inFlight >= (this.opts.workQueue ?? 20)) {
      if (this.pending.http503 > 0) this.pending.http503--;
      this.served.http503++;
      res.writeHead(503).end('Work queue depth exceeded');
      return;
    }
    this.inFlight++;
    this.served.maxInFlight = Math.max(this.served.maxInFlight, this.inFlight);
    try {
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        send(500, JSON.stringify({ result: null, error: { code: -32700, message: 'Parse error' }, id: null }));
        return;
      }
      const list = Array.isArray(body) ? (body as unknown[]) : [body];
      const warm = this.pending.warmup > 0;
      if (warm) this.pending.warmup--;
      const delay = (this.opts.requestMs ?? 0) + (this.opts.callMs ?? 0) * list.length;
      if (delay > 0) await new Promise((ok) => setTimeout(ok, delay));
      const answers = list.map((r) => this.answer(r as { id?: unknown; method?: unknown; params?: unknown }, warm));
      this.served.calls += list.length;
      if (Array.isArray(body)) send(200, JSON.stringify(answers));
      else send(answers[0]?.error ? 500 : 200, JSON.stringify(answers[0]));
    } finally {
      this.inFlight--;
    }
  }

  private answer(
    r: { id?: unknown; method?: unknown; params?: unknown },
    warm: boolean,
  ): { result: unknown; error: { code: number; message: string } | null; id: unknown } {
    const id = r.id ?? null;
    try {
      if (warm) throw new RpcFail(-28, 'Loading block index…');
      if (typeof r.method !== 'string') throw new RpcFail(-32600, 'Method must be a string');
      const params = Array.isArray(r.params) ? (r.params as unknown[]) : [];
      return { result: this.dispatch(r.method, params), error: null, id };
    } catch (err) {
      if (err instanceof RpcFail) return { result: null, error: { code: err.code, message: err.message }, id };
      throw err;
    }
  }

  private byHash(hash: unknown): SynthBlock {
    if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) throw new RpcFail(-8, "blockhash must be of length 64 (not 0, for 'x')");
    const b = this.all.get(hash);
    if (!b) throw new RpcFail(-5, 'Block not found');
    return b;
  }

  private onChain(b: SynthBlock): boolean {
    return this.chain[b.height]?.hash === b.hash;
  }

  private headerJson(b: SynthBlock): Record<string, unknown> {
    const next = this.onChain(b) ? this.chain[b.height + 1] : undefined;
    const chainwork = this.chainwork.get(b.hash) ?? 0n;
    const p = parseBlockPrefix(b.bytes);
    return {
      hash: b.hash,
      confirmations: this.onChain(b) ? this.chain.length - b.height : -1,
      height: b.height,
      version: p.header.version,
      versionHex: p.header.version.toString(16).padStart(8, '0'),
      merkleroot: p.header.merkle_root,
      time: b.time_unix_s,
      mediantime: b.time_unix_s,
      nonce: p.header.nonce,
      bits: b.bits.toString(16).padStart(8, '0'),
      difficulty: bitsToDifficulty(b.bits),
      chainwork: chainwork.toString(16).padStart(64, '0'),
      nTx: p.txCount,
      ...(b.height > 0 ? { previousblockhash: b.prev_hash } : {}),
      ...(next ? { nextblockhash: next.hash } : {}),
    };
  }

  private dispatch(method: string, params: unknown[]): unknown {
    switch (method) {
      case 'getblockcount':
        return this.tip.height;
      case 'getbestblockhash':
        return this.tip.hash;
      case 'getblockchaininfo':
        return {
          chain: this.opts.chain ?? 'regtest',
          blocks: this.tip.height,
          headers: this.tip.height,
          bestblockhash: this.tip.hash,
          difficulty: bitsToDifficulty(this.tip.bits),
          time: this.tip.time_unix_s,
          mediantime: this.tip.time_unix_s,
          verificationprogress: 1,
          initialblockdownload: false,
          pruned: false,
          warnings: [],
        };
      case 'getblockhash': {
        const h = params[0];
        if (typeof h !== 'number' || !Number.isInteger(h) || h < 0 || h >= this.chain.length) throw new RpcFail(-8, 'Block height out of range');
        return this.chain[h]?.hash;
      }
      case 'getblockheader': {
        const b = this.byHash(params[0]);
        if (params[1] === false) return bytesToHex(b.bytes.subarray(0, 80));
        return this.headerJson(b);
      }
      case 'getblockstats':
        return this.stats(params[0], params[1]);
      case 'getblock': {
        const b = this.byHash(params[0]);
        const verbosity = params[1] ?? 1;
        if (verbosity === 0) return bytesToHex(b.bytes);
        const cb = this.coinbaseTxid.get(b.hash) as { txid: string; hex: string };
        const json = { ...this.headerJson(b), size: b.bytes.length, strippedsize: b.bytes.length - 36, weight: b.bytes.length * 4 - 108 };
        if (verbosity === 1) return { ...json, tx: [cb.txid, reversedHex(hash256(b.bytes.subarray(81 + cb.hex.length / 2)))] };
        const p = parseBlockPrefix(b.bytes);
        const vout = p.coinbase.outputs.map((o, n) => ({
          value: Number(o.value_sat) / 1e8,
          n,
          scriptPubKey: { hex: bytesToHex(o.script), ...(scriptToAddress(o.script) ? { address: scriptToAddress(o.script) } : {}) },
        }));
        return {
          ...json,
          tx: [
            { txid: cb.txid, hex: cb.hex, vin: [{ coinbase: bytesToHex(p.coinbase.inputs[0]?.scriptSig ?? new Uint8Array()), sequence: 0xffffffff }], vout },
          ],
        };
      }
      case 'getrawtransaction': {
        const [txid, verbose, blockhash] = params;
        if (blockhash === undefined)
          throw new RpcFail(-5, 'No such mempool transaction. Use -txindex or provide a block hash to enable blockchain transaction queries.');
        const b = this.byHash(blockhash);
        const cb = this.coinbaseTxid.get(b.hash);
        if (!cb || cb.txid !== txid) throw new RpcFail(-5, 'No such transaction found in the provided block. Use gettransaction for wallet transactions.');
        return verbose ? { txid, hex: cb.hex, blockhash: b.hash } : cb.hex;
      }
      default:
        throw new RpcFail(-32601, 'Method not found');
    }
  }

  private stats(target: unknown, fields: unknown): Record<string, unknown> {
    let b: SynthBlock;
    if (typeof target === 'number') {
      const found = this.chain[target];
      if (!Number.isInteger(target) || target < 0 || !found) throw new RpcFail(-8, `Target block height ${target} after current tip ${this.tip.height}`);
      b = found;
    } else b = this.byHash(target);
    const all: Record<string, unknown> = {
      blockhash: b.hash,
      height: b.height,
      time: b.time_unix_s,
      mediantime: b.time_unix_s,
      subsidy: Number(subsidySat(b.height)),
      totalfee: Number(b.fees_sat),
      txs: parseBlockPrefix(b.bytes).txCount,
      total_size: b.bytes.length - 80,
    };
    if (fields === undefined) return all;
    if (!Array.isArray(fields)) throw new RpcFail(-8, 'stats must be an array');
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (typeof f !== 'string' || !(f in all)) throw new RpcFail(-8, `Invalid selected statistic '${String(f)}'`);
      out[f] = all[f];
    }
    return out;
  }
}
