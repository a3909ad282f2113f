import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mainnetBlocks } from '../../test/helpers/fixtures.js';
import { ValidationError } from '../errors.js';
import { parseBlockPrefix } from './block.js';
import { coinbaseFacts } from './coinbase.js';
import { parsePoolList, PoolIndex } from './pools.js';

const pools = new PoolIndex(parsePoolList(JSON.parse(readFileSync(new URL('../../data/mining-pools-v2.json', import.meta.url), 'utf8'))));
const facts = mainnetBlocks().map((b) => ({ height: b.height, f: coinbaseFacts(parseBlockPrefix(Buffer.from(b.hex, 'hex')).coinbase) }));
const poolOf = (h: number | null): string | null => {
  const x = facts.find((e) => e.height === h);
  return x ? (pools.attribute(x.f.tag, x.f.payout_addresses)?.id ?? null) : null;
};

describe('pool attribution with mempool/mining-pools', () => {
  it('ships all 168 pools with unique ids', () => {
    expect(pools.pools).toHaveLength(168);
    expect(new Set(pools.pools.map((p) => p.id)).size).toBe(168);
    expect(pools.get('foundryusa')?.name).toBe('Foundry USA');
  });

  it('attributes real blocks by their coinbase tags', () => {
    expect(poolOf(542213)).toBe('antpool'); // "Mined by AntPool"
    expect(poolOf(702861)).toBe('binancepool'); // "binance/…"
    expect(poolOf(739990)).toBe('binancepool');
    expect(poolOf(0)).toBeNull(); // genesis: no pool
  });

  it('a payout address wins over a tag', () => {
    const ultimus = pools.attribute('/AntPool/', ['1EMVSMe1VJUuqv7D7SFzctnVXk4KdjXATi']);
    expect(ultimus?.id).toBe('ultimuspool');
    expect(pools.attribute('', [])).toBeNull();
  });

  it('reads a hand-built list: shared slugs get the id appended, empty tags dropped, a missing link is empty; an address belongs to the first pool listing it', () => {
    const list = parsePoolList([
      { id: 7, name: 'Bitcoin India', addresses: ['1A'], tags: ['/BI/', ''], link: 'https://example.org/bi' },
      { id: 9, name: 'BitcoinIndia', addresses: ['1A', '1B'], tags: [] },
    ]);
    expect(list).toEqual([
      { unique_id: 7, id: 'bitcoinindia', name: 'Bitcoin India', addresses: ['1A'], tags: ['/BI/'], link: 'https://example.org/bi' },
      { unique_id: 9, id: 'bitcoinindia-9', name: 'BitcoinIndia', addresses: ['1A', '1B'], tags: [], link: '' },
    ]);
    const index = new PoolIndex(list);
    expect(index.attribute('', ['1A'])?.unique_id).toBe(7);
    expect(index.attribute('', ['1B'])?.unique_id).toBe(9);
    expect(index.attribute('', ['1C'])).toBeNull();
    expect(index.attribute('x/BI/x', [])?.unique_id).toBe(7);
  });

  it('rejects a malformed list naming the field', () => {
    try {
      parsePoolList([{ id: 1, name: 'x', addresses: 'nope', tags: [] }], 'pools.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).issues[0]?.path).toBe('pools.json[0].addresses');
    }
  });
});
