/** Loads the mining-pools list shipped in data/ (or a user's newer copy) into a PoolIndex. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ParseError } from '../../errors.js';
import { parsePoolList, PoolIndex } from '../../chain/pools.js';

export const POOLS_FILE = 'mining-pools-v2.json';

export async function loadPoolIndex(dataDir: string, file = join(dataDir, POOLS_FILE)): Promise<PoolIndex> {
  const text = await readFile(file, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ParseError('not valid JSON', { source: file }, { cause: err });
  }
  return new PoolIndex(parsePoolList(json, file));
}
