/**
 * Consensus arithmetic hot paths: header parse + double SHA-256, bits → difficulty, height lookups
 * in the per-period table, and `hashfloor difficulty --height` wall time including Node start-up.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bitsToDifficulty } from '../src/chain/difficulty.js';
import { difficultyAtHeight } from '../src/chain/difficulty-epochs.js';
import { parseHeader } from '../src/chain/header.js';
import { nextWorkRequired } from '../src/chain/retarget.js';
import { parseDifficultyEpochsCsv } from '../src/adapters/datasets/difficulty-epochs-csv.js';
import { medianMs, reportBench, machineLoadNote } from './lib/report.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const csv = readFileSync(join(root, 'data', 'difficulty_epochs.csv'), 'utf8');
const headers = (JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'mainnet_headers.json'), 'utf8')) as { header_hex: string }[]).map((h) =>
  Buffer.from(h.header_hex, 'hex'),
);

const N_HEADERS = 100_000;
const parseMs = await medianMs(
  () => {
    for (let i = 0; i < N_HEADERS; i++) parseHeader(headers[i % headers.length] as Buffer);
  },
  5,
  1,
);

const epochs = parseDifficultyEpochsCsv(csv);
const loadMs = await medianMs(() => parseDifficultyEpochsCsv(csv), 9, 2);

const N_LOOKUPS = 100_000;
const lookupMs = await medianMs(
  () => {
    for (let i = 0; i < N_LOOKUPS; i++) difficultyAtHeight(epochs, (i * 9973) % 955_584);
  },
  5,
  1,
);

const N_BITS = 100_000;
const bitsMs = await medianMs(
  () => {
    for (let i = 0; i < N_BITS; i++) bitsToDifficulty((epochs[i % epochs.length] as { bits: number }).bits);
  },
  5,
  1,
);

const retargetMs = await medianMs(
  () => {
    for (let i = 0; i + 1 < epochs.length; i++) nextWorkRequired({ bits: epochs[i]!.bits, first_block_time_unix_s: 0, last_block_time_unix_s: 1_209_600 + i });
  },
  9,
  2,
);

const cliMs = await medianMs(
  () => {
    const r = spawnSync(process.execPath, [join(root, 'dist', 'cli', 'bin.js'), 'difficulty', '--height', '840000', '--json'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  },
  7,
  1,
);

reportBench({
  name: 'chain',
  title: 'Consensus arithmetic (headers, difficulty, retargets)',
  metrics: [
    { label: `parse + hash ${N_HEADERS.toLocaleString('en-US')} headers`, value: parseMs, unit: 'ms' },
    { label: 'headers per second', value: (N_HEADERS / parseMs) * 1000, unit: 'headers/s' },
    { label: 'load data/difficulty_epochs.csv (474 rows, validated)', value: loadMs, unit: 'ms' },
    { label: `${N_LOOKUPS.toLocaleString('en-US')} difficulty-at-height lookups`, value: lookupMs, unit: 'ms' },
    { label: `${N_BITS.toLocaleString('en-US')} bits → difficulty`, value: bitsMs, unit: 'ms' },
    { label: '473 retargets (Core arithmetic)', value: retargetMs, unit: 'ms' },
    { label: '`hashfloor difficulty --height 840000 --json` wall (Node start-up included)', value: cliMs, unit: 'ms' },
  ],
  notes: [machineLoadNote()],
});
