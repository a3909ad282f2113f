import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../errors.js';
import { MAINNET, REGTEST, TESTNET, type AddressNetwork } from '../../chain/address.js';
import { BIP34_HEIGHTS } from '../../chain/coinbase.js';
import { POW_LIMIT, POW_LIMIT_REGTEST, POW_LIMIT_SIGNET } from '../../chain/difficulty.js';
import { satToBtcString } from '../../units/sat.js';
import { BitcoinRpcSource } from '../../adapters/chain/bitcoin-rpc.js';
import { MAGIC } from '../../adapters/chain/blk-dir.js';
import { BlockFilesSource, type ScanProgress } from '../../adapters/chain/block-files.js';
import { loadPoolIndex } from '../../adapters/datasets/pools-file.js';
import { syncBlockFiles } from '../../app/sync/block-files-sync.js';
import { syncChain, type SyncSummary } from '../../app/sync/sync-chain.js';
import { exactlyOne, numberOpt, stringOpt } from '../args.js';
import type { CommandSpec } from '../command.js';
import { DB_OPTION, openCommandStore } from '../db.js';
import { assertNodeChain, assertStoreNetwork } from '../../app/sync/network-guard.js';
import type { Store, StoreNetwork } from '../../ports/store.js';
import { formatEnUs } from '../../units/en-us-number.js';

/** Per network: record magic, address prefixes, powLimit, and Core's datadir subfolder (cookie, blocks). */
const NETWORKS: Record<StoreNetwork, { magic: Uint8Array; address: AddressNetwork; powLimit: bigint; subdir: string }> = {
  main: { magic: MAGIC.main, address: MAINNET, powLimit: POW_LIMIT, subdir: '' },
  testnet: { magic: MAGIC.testnet3, address: TESTNET, powLimit: POW_LIMIT, subdir: 'testnet3' },
  testnet4: { magic: MAGIC.testnet4, address: TESTNET, powLimit: POW_LIMIT, subdir: 'testnet4' },
  signet: { magic: MAGIC.signet, address: TESTNET, powLimit: POW_LIMIT_SIGNET, subdir: 'signet' },
  regtest: { magic: MAGIC.regtest, address: REGTEST, powLimit: POW_LIMIT_REGTEST, subdir: 'regtest' },
};

export const command: CommandSpec = {
  path: ['sync'],
  summary: 'Sync blocks from your own Bitcoin Core node (block files or RPC) into the store, reorg-safe',
  options: {
    ...DB_OPTION,
    'blocks-dir': { type: 'string', value: 'DIR', description: "Bitcoin Core's blocks folder (or its datadir); read-only, works while bitcoind runs" },
    rpc: { type: 'string', value: 'URL', description: 'Bitcoin Core JSON-RPC URL, e.g. http://127.0.0.1:8332' },
    'rpc-cookie': {
      type: 'string',
      value: 'FILE',
      description:
        'RPC cookie file (default ~/.bitcoin/.cookie, or ~/.bitcoin/<testnet3|testnet4|signet|regtest>/.cookie per --network, when no user is given)',
    },
    'rpc-user': { type: 'string', value: 'U', description: 'rpcauth/rpcuser name' },
    'rpc-password': { type: 'string', value: 'P', description: 'rpcauth/rpcuser password' },
    'rpc-timeout': { type: 'string', value: 'SECONDS', description: 'longest wait for one RPC answer before retrying (default 30; 3 attempts, then exit 3)' },
    mode: { type: 'string', value: 'seek|full', description: 'block files: seek (header + coinbase only, default) or full (sequential read of every byte)' },
    network: { type: 'string', value: 'NAME', description: 'main (default), testnet, testnet4, signet or regtest' },
  },
  help: [
    'JSON fields: source (blocks-dir|rpc), tip_height, tip_hash, previous_tip_height, fork_height, reorg_depth,',
    'blocks_written, days_upserted, elapsed_s, blocks_per_s, started_unix_s; block files: stale_blocks (forks off the',
    'best chain), disconnected_blocks (sharing no block with it), orphan_blocks, bad_records, truncated_records, headers_indexed, resumed_scan (only bytes appended since the last sync were read),',
    'rescan_reason (why a saved scan was discarded, or null), rewritten_files (files rewritten in place since the last sync,',
    'scanned again from 0), bytes_read (scan), coinbase_bytes_read (blocks written, read',
    'again), file_bytes; RPC: rpc_requests, rpc_retries.',
  ].join('\n'),
  async run(args, ctx) {
    const which = exactlyOne(args, ['blocks-dir', 'rpc']);
    const netText = stringOpt(args, 'network') ?? 'main';
    const netName = netText as StoreNetwork;
    const net = Object.hasOwn(NETWORKS, netText) ? NETWORKS[netName] : undefined;
    if (!net) throw new UsageError(`--network must be one of ${Object.keys(NETWORKS).join(', ')}, got "${netText}"`);
    const mode = stringOpt(args, 'mode') ?? 'seek';
    if (mode !== 'seek' && mode !== 'full') throw new UsageError(`--mode must be seek or full, got "${mode}"`);
    const pools = await loadPoolIndex(ctx.services.dataDir);
    const started = ctx.services.nowUnixS();
    const t0 = performance.now();
    // A store created now records --network; an existing one must already hold it. Opened after
    // the node has said which network it is on, so a wrong node creates no store.
    const openChecked = async (): Promise<Store> => {
      const opened = await openCommandStore(args, ctx, netName);
      await assertStoreNetwork(opened, netName, stringOpt(args, 'db'));
      return opened;
    };
    let store: Store;
    let bar: ReturnType<typeof ctx.progress> | null = null;
    const onProgress = (done: number, total: number): void => {
      if (ctx.machineOutput) return;
      bar ??= ctx.progress('syncing', total, 'blocks');
      bar.update(done);
    };
    let source: BlockFilesSource | BitcoinRpcSource;
    let s: SyncSummary;
    if (which === 'blocks-dir') {
      const dir = stringOpt(args, 'blocks-dir') as string;
      let scanBar: ReturnType<typeof ctx.progress> | undefined;
      // By bytes (MiB/s, ETA), with the blocks found so far and their rate.
      const onScan = (p: ScanProgress): void => {
        if (ctx.machineOutput || p.bytesTotal === 0) return;
        scanBar ??= ctx.progress('scanning block files', p.bytesTotal, 'MiB', { scale: 2 ** 20, also: 'blocks' });
        scanBar.update(p.bytesDone, p.blocks);
        if (p.bytesDone >= p.bytesTotal) scanBar.done();
      };
      store = await openChecked();
      ({ summary: s, source } = await syncBlockFiles(store, dir, {
        mode,
        magic: net.magic,
        network: net.address,
        powLimit: net.powLimit,
        bip34Height: BIP34_HEIGHTS[netName],
        pools,
        onScan,
        onProgress,
      }));
    } else {
      const user = stringOpt(args, 'rpc-user');
      const password = stringOpt(args, 'rpc-password');
      if ((user === undefined) !== (password === undefined)) throw new UsageError('give --rpc-user and --rpc-password together');
      const cookie = stringOpt(args, 'rpc-cookie');
      if (cookie !== undefined && user !== undefined) throw new UsageError('give --rpc-cookie or --rpc-user/--rpc-password, not both');
      const auth = user !== undefined ? { user, password: password as string } : { cookieFile: cookie ?? join(homedir(), '.bitcoin', net.subdir, '.cookie') };
      const onWarmup = (message: string): void => ctx.notice?.(message);
      const timeoutS = numberOpt(args, 'rpc-timeout', { min: 0.1, max: 3600, example: '--rpc-timeout 30' });
      const timeoutMs = timeoutS !== undefined ? timeoutS * 1000 : undefined;
      const rpc = new BitcoinRpcSource({ url: stringOpt(args, 'rpc') as string, auth, pools, network: net.address, onWarmup, timeoutMs });
      assertNodeChain(await rpc.chain(), netName);
      store = await openChecked();
      source = rpc;
      s = await syncChain(store, source, { onProgress });
    }
    (bar as ReturnType<typeof ctx.progress> | null)?.done();
    const elapsed_s = (performance.now() - t0) / 1000;
    const files = source instanceof BlockFilesSource ? source.report : null;
    const rpc = source instanceof BitcoinRpcSource ? source.rpc.counters : null;
    const json = {
      source: which,
      ...s,
      started_unix_s: started,
      elapsed_s,
      blocks_per_s: s.blocks_written / Math.max(elapsed_s, 1e-9),
      ...(files
        ? {
            stale_blocks: files.stale,
            disconnected_blocks: files.disconnected,
            orphan_blocks: files.orphans,
            bad_records: files.stats.badRecords,
            truncated_records: files.stats.truncated,
            headers_indexed: files.headers,
            resumed_scan: files.resumed,
            rescan_reason: files.rescanReason,
            rewritten_files: files.rewritten,
            bytes_read: files.stats.bytesRead,
            coinbase_bytes_read: files.coinbaseBytesRead,
            file_bytes: files.stats.fileBytes,
          }
        : {}),
      ...(rpc ? { rpc_requests: rpc.requests, rpc_retries: rpc.retries } : {}),
    };
    const tipBlock = await store.blockAtHeight(s.tip_height);
    return {
      json,
      summary: [
        `Synced to height ${formatEnUs(s.tip_height)} (${s.tip_hash})`,
        `  ${formatEnUs(s.blocks_written)} blocks written in ${elapsed_s.toFixed(1)} s (${json.blocks_per_s.toFixed(0)} blocks/s), ${s.days_upserted} daily rows updated`,
        s.reorg_depth > 0 ? `  reorg: ${s.reorg_depth} stored blocks above height ${s.fork_height} replaced` : '  no reorg',
        ...(files
          ? [
              `  block files: ${files.stats.files} files, ${files.resumed ? 'resumed, ' : ''}${files.rewritten.length > 0 ? `${files.rewritten.length} rewritten (rescanned), ` : ''}read ${(files.stats.bytesRead / 2 ** 20).toFixed(1)} of ${(files.stats.fileBytes / 2 ** 20).toFixed(1)} MiB, ${files.stale} stale, ${files.disconnected} disconnected, ${files.orphans} orphan, ${files.stats.badRecords} bad, ${files.stats.truncated} truncated records`,
            ]
          : []),
        ...(tipBlock ? [`  tip: ${tipBlock.pool_id ?? 'unknown pool'}, fees ${satToBtcString(tipBlock.fees_sat)} BTC`] : []),
      ],
    };
  },
};
