import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mainnetBlocks } from '../../test/helpers/fixtures.js';
import { ParseError } from '../errors.js';
import { parseBlockPrefix, walkBlock } from './block.js';
import { coinbaseFacts } from './coinbase.js';
import { parsePoolList, PoolIndex } from './pools.js';
import { toBlockRecord } from './to-record.js';

const blocks = mainnetBlocks().map((b) => ({ ...b, bytes: Uint8Array.from(Buffer.from(b.hex, 'hex')) }));
const byHeight = (h: number | null) => blocks.find((b) => b.height === h) as (typeof blocks)[number];

describe('real mainnet blocks', () => {
  it('walks every transaction to the recorded size and tx count', () => {
    for (const b of blocks) {
      const { prefix, size } = walkBlock(b.bytes);
      expect(prefix.header.hash).toBe(b.hash);
      expect(prefix.txCount).toBe(b.tx_count);
      expect(size).toBe(b.size_bytes);
    }
  });

  it('reads the BIP34 height from post-2013 coinbases', () => {
    for (const h of [361582, 542213, 702861, 739990]) {
      expect(coinbaseFacts(parseBlockPrefix(byHeight(h).bytes).coinbase).height).toBe(h);
    }
  });

  it('genesis: 50 BTC to 1A1zP1…, The Times headline in the scriptSig', () => {
    const f = coinbaseFacts(parseBlockPrefix(byHeight(0).bytes).coinbase);
    expect(f.value_sat).toBe(5_000_000_000n);
    expect(f.payout_addresses).toEqual(['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']);
    expect(f.tag).toContain('The Times 03/Jan/2009 Chancellor on brink of second bailout for banks');
  });

  it('block 702,861 (segwit coinbase, 2021): 6.25 BTC + 0.04948405 fees, Binance tag, bech32 payout', () => {
    const p = parseBlockPrefix(byHeight(702861).bytes);
    expect(p.coinbase.segwit).toBe(true);
    const f = coinbaseFacts(p.coinbase);
    expect(f.value_sat).toBe(629_948_405n);
    expect(f.tag).toContain('binance/');
    expect(f.payout_addresses).toEqual(['bc1qx9t2l3pyny2spqpqlye8svce70nppwtaxwdrp4']);
    const rec = toBlockRecord(p.header, 702861, f, null);
    expect(rec.subsidy_sat).toBe(625_000_000n);
    expect(rec.fees_sat).toBe(4_948_405n);
    expect(rec.under_claimed).toBe(false);
  });

  it('pool id from mempool’s list: Binance Pool for 702,861, none for the genesis block', () => {
    const pools = new PoolIndex(parsePoolList(JSON.parse(readFileSync(new URL('../../data/mining-pools-v2.json', import.meta.url), 'utf8'))));
    const record = (h: number) => {
      const p = parseBlockPrefix(byHeight(h).bytes);
      return toBlockRecord(p.header, h, coinbaseFacts(p.coinbase), pools);
    };
    expect(record(702861).pool_id).toBe('binancepool');
    expect(record(0).pool_id).toBeNull();
  });

  it('block 542,213: AntPool tag, 12.5 BTC era', () => {
    const f = coinbaseFacts(parseBlockPrefix(byHeight(542213).bytes).coinbase);
    expect(f.tag).toContain('Mined by AntPool');
    expect(f.value_sat).toBe(1_250_004_874n);
  });

  it('flags a coinbase that claims less than the subsidy, or less than known fees', () => {
    const p = parseBlockPrefix(byHeight(702861).bytes);
    const f = coinbaseFacts(p.coinbase);
    expect(toBlockRecord(p.header, 702861, { ...f, value_sat: 600_000_000n }, null)).toMatchObject({ fees_sat: 0n, under_claimed: true });
    expect(toBlockRecord(p.header, 702861, f, null, 5_000_000n).under_claimed).toBe(true);
    expect(toBlockRecord(p.header, 702861, f, null, 4_948_405n).under_claimed).toBe(false);
  });
});

describe('bad input', () => {
  it('every truncation of a real block fails with a ParseError at or before the cut', () => {
    const b = byHeight(542213).bytes;
    for (let cut = 0; cut < 700; cut += 7) {
      let err: unknown = null;
      try {
        parseBlockPrefix(b.subarray(0, cut), 5000);
      } catch (e) {
        err = e;
      }
      if (cut >= 329)
        expect(err).toBeNull(); // header + coinbase end at byte 329
      else {
        expect(err).toBeInstanceOf(ParseError);
        expect((err as ParseError).offset).toBeLessThanOrEqual(5000 + cut);
      }
    }
  });

  it('arbitrary bytes never crash the parser except with a ParseError carrying an offset (fuzz)', () => {
    const real = byHeight(702861).bytes.subarray(0, 600);
    const mutated = fc.tuple(fc.array(fc.tuple(fc.nat(599), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(600)).map(([edits, cut]) => {
      const b = Uint8Array.from(real);
      for (const [i, v] of edits) b[i] = v;
      return b.subarray(0, cut);
    });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 400 }), mutated), (bytes) => {
        try {
          walkBlock(bytes, 100);
        } catch (err) {
          expect(err).toBeInstanceOf(ParseError);
          const off = (err as ParseError).offset as number;
          expect(off).toBeGreaterThanOrEqual(100);
          expect(off).toBeLessThanOrEqual(100 + bytes.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
