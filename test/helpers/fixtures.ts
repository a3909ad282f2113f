/**
 * Readers for the chain fixtures in test/fixtures (provenance in test/fixtures/README.md).
 * Electrum targets exceed 2^53, so they are read from the raw text, never through JSON numbers.
 */
import { readFileSync } from 'node:fs';

const dir = new URL('../fixtures/', import.meta.url);

export function readFixtureText(name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

export function readFixtureJson<T>(name: string): T {
  return JSON.parse(readFixtureText(name)) as T;
}

export interface ElectrumCheckpoint {
  /** Hash of block (i+1)·2016 − 1, display hex. */
  last_block_hash: string;
  /** Target of period i+1 (heights (i+1)·2016 … (i+2)·2016 − 1). */
  target: bigint;
}

/** Electrum's mainnet checkpoints.json: entry i = [hash of block (i+1)·2016−1, target of period i+1]. */
export function electrumCheckpoints(): ElectrumCheckpoint[] {
  const text = readFixtureText('electrum_checkpoints_mainnet.json');
  return [...text.matchAll(/\[\s*"([0-9a-f]{64})"\s*,\s*(\d+)\s*\]/g)].map((m) => ({
    last_block_hash: m[1] as string,
    target: BigInt(m[2] as string),
  }));
}

export interface MainnetHeaderFixture {
  height: number | null;
  hash: string;
  time_utc: string;
  source: string;
  header_hex: string;
}

export const mainnetHeaders = (): MainnetHeaderFixture[] => readFixtureJson<MainnetHeaderFixture[]>('mainnet_headers.json');

export interface BitcoinjsBlockFixtures {
  targets: { bits: string; expected: string }[];
  valid: {
    description: string;
    id: string;
    hash: string;
    version: number;
    prevHash: string;
    merkleRoot: string;
    timestamp: number;
    bits: number;
    nonce: number;
    hex: string;
    valid: boolean;
    height?: number;
  }[];
  invalid: { exception: string; hex: string }[];
}

export const bitcoinjsBlocks = (): BitcoinjsBlockFixtures => readFixtureJson<BitcoinjsBlockFixtures>('bitcoinjs_block_fixtures.json');

export interface MainnetBlockFixture {
  height: number | null;
  hash: string;
  time_utc: string;
  size_bytes: number;
  tx_count: number;
  source: string;
  hex: string;
}

/** Whole real mainnet blocks (test/fixtures/mainnet_blocks_hex.json; provenance in its README). */
export const mainnetBlocks = (): MainnetBlockFixture[] => readFixtureJson<MainnetBlockFixture[]>('mainnet_blocks_hex.json');
