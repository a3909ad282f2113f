import { describe, expect, it } from 'vitest';
import { PathRng, splitmix64Next } from './rng.js';
import { moments } from './fit.js';
import { iterations } from '../../test/helpers/mutation-scale.js';
import { xoshiroOutputs, type XoState } from '../../test/helpers/xoshiro-reference.js';

const M64 = (1n << 64n) - 1n;
function splitmixRef(state: bigint): [bigint, bigint] {
  const s = (state + 0x9e3779b97f4a7c15n) & M64;
  let z = s;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
  return [s, z ^ (z >> 31n)];
}

describe('splitmix64 on uint32 halves', () => {
  it('gives the reference first output for state 0 (0xE220A8397B1DCDAF)', () => {
    const st = new Uint32Array([0, 0]);
    const out = new Uint32Array(2);
    splitmix64Next(st, out);
    expect((BigInt(out[0]!) << 32n) | BigInt(out[1]!)).toBe(0xe220a8397b1dcdafn);
  });
  it('matches a BigInt implementation over many states', () => {
    for (const seed of [1n, 42n, 0xdeadbeefcafebaben, 0xffffffffffffffffn, 123456789012345n]) {
      let ref = seed;
      const st = new Uint32Array([Number(seed >> 32n), Number(seed & 0xffffffffn)]);
      const out = new Uint32Array(2);
      for (let i = 0; i < 50; i++) {
        const [next, z] = splitmixRef(ref);
        ref = next;
        splitmix64Next(st, out);
        expect((BigInt(out[0]!) << 32n) | BigInt(out[1]!)).toBe(z);
      }
    }
  });
});

describe('PathRng', () => {
  it('gives each path its own stream, independent of the order paths are visited', () => {
    const a = new PathRng(7);
    const b = new PathRng(7);
    const first: number[] = [];
    for (let p = 0; p < 5; p++) {
      a.select(p);
      first.push(a.nextU32());
    }
    b.select(3);
    expect(b.nextU32()).toBe(first[3]);
    b.select(0);
    expect(b.nextU32()).toBe(first[0]);
    expect(new Set(first).size).toBe(5);
  });
  it('batch fills of normals and uniforms equal the one-at-a-time draws', () => {
    const a = new PathRng(99);
    const b = new PathRng(99);
    const buf = new Float64Array(4096);
    a.select(11);
    b.select(11);
    a.fillNormal(buf);
    // 4096 draws pass through the ziggurat's wedges and tail too (~1.2% of them).
    for (let i = 0; i < buf.length; i++) expect(buf[i]).toBe(b.normal());
    a.fillUniform(buf, 10, 20);
    for (let i = 10; i < 20; i++) expect(buf[i]).toBe(b.uniform());
    // One Student-t draws its Z, the gamma's normal, then its uniform: as studentT() does.
    a.fillStudentT(buf, 5, 7, 8);
    expect(buf[7]).toBe(b.studentT(5));
  });
  it('a Student-t fill depends only on the path, and writes only its range', () => {
    const a = new PathRng(5);
    const out = new Float64Array(300).fill(-7);
    a.select(3);
    a.fillStudentT(out, 6, 100, 220);
    const again = new Float64Array(120);
    a.select(3);
    a.fillStudentT(again, 6);
    expect(out.subarray(100, 220)).toEqual(again);
    expect(out[99]).toBe(-7);
    expect(out[220]).toBe(-7);
  });
  it('draws standard normals and Student-t with the right moments', () => {
    // Within 4 standard errors of the sample statistic (the seed is fixed; a correct sampler leaves
    // the band for ~6e-5 of seeds): mean 1/√n, s.d. √(1/2n), excess kurtosis √(24/n) for normals.
    const rng = new PathRng(2024);
    const n = iterations(200_000, 20_000);
    const z = new Float64Array(n);
    rng.fillNormal(z);
    const mz = moments(z);
    expect(Math.abs(mz.mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(mz.sd - 1)).toBeLessThan(4 * Math.sqrt(1 / (2 * n)));
    expect(Math.abs(mz.excess_kurtosis)).toBeLessThan(4 * Math.sqrt(24 / n));
    // ν = 8: variance ν/(ν−2) = 4/3 and excess kurtosis 6/(ν−4) = 1.5; the sample variance's
    // s.e. is (4/3)·√((κ + 2)/m) with κ = 1.5.
    const m = 2 * n;
    const t = new Float64Array(m);
    rng.fillStudentT(t, 8);
    const mt = moments(t);
    expect(Math.abs(mt.sd ** 2 - 4 / 3)).toBeLessThan(4 * (4 / 3) * Math.sqrt(3.5 / m));
    // The sample kurtosis of a t₈ has no finite variance (its 8th moment diverges): only a wide band.
    if (m >= 400_000) {
      expect(mt.excess_kurtosis).toBeGreaterThan(1.1);
      expect(mt.excess_kurtosis).toBeLessThan(2.0);
    }
  });
  it('normals have the standard normal’s tail masses, through the ziggurat’s wedges and tail', () => {
    const rng = new PathRng(31);
    const n = iterations(1_000_000, 100_000);
    const z = new Float64Array(n);
    rng.fillNormal(z);
    // P(|Z| > x) for x = 1, 2, 3 and the 256-layer base edge R = 3.6542 (standard tables).
    for (const [x, p] of [
      [1, 0.31731051],
      [2, 0.04550026],
      [3, 0.0026998],
      [3.6541528853610088, 0.00025803],
    ] as const) {
      let c = 0;
      for (let i = 0; i < n; i++) if (Math.abs(z[i]!) > x) c++;
      expect(Math.abs(c / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    }
  });
});

describe('PathRng seeding: known outputs of splitmix64 → xoshiro128**', () => {
  /** Path p's first outputs by the definition, in BigInt: seed mod 2^53 as (hi, lo) words, the splitmix
   * state (hi + p, lo + p·0x6a09e667) mod 2^32 each, two splitmix outputs as the state words s0…s3. */
  function reference(seed: number, path: number, n: number): number[] {
    const s = BigInt.asUintN(53, BigInt(seed));
    const p = BigInt(path);
    const hi = BigInt.asUintN(32, (s >> 32n) + p);
    const lo = BigInt.asUintN(32, (s & 0xffffffffn) + p * 0x6a09e667n);
    const [st1, z1] = splitmixRef((hi << 32n) | lo);
    const [, z2] = splitmixRef(st1);
    const state: XoState = [Number(z1 >> 32n), Number(z1 & 0xffffffffn), Number(z2 >> 32n), Number(z2 & 0xffffffffn)];
    return xoshiroOutputs(state, n);
  }
  it('xoshiro128** from state (1, 2, 3, 4) gives 11520 then 0 (worked by hand)', () => {
    // out₁ = rotl(2·5, 7)·9 = 1280·9; the step makes s1 = 2 ⊕ (3 ⊕ 1) = 0, so out₂ = 0.
    expect(xoshiroOutputs([1, 2, 3, 4], 2)).toEqual([11520, 0]);
    const rng = new PathRng(0);
    Object.assign(rng, { s0: 1, s1: 2, s2: 3, s3: 4 });
    expect([rng.nextU32(), rng.nextU32()]).toEqual([11520, 0]);
  });
  it('matches the reference for small, large (above 2^32) and negative seeds and several paths', () => {
    for (const [seed, path] of [
      [0, 0],
      [7, 0],
      [7, 3],
      [2 ** 40 + 12345, 5],
      [2 ** 53 - 1, 1],
      [-1, 2],
      [-(2 ** 45) - 3, 0],
      [123456789, 4_000_000],
    ] as const) {
      const rng = new PathRng(seed);
      rng.select(path);
      expect([rng.nextU32(), rng.nextU32(), rng.nextU32(), rng.nextU32()], `seed ${seed} path ${path}`).toEqual(reference(seed, path, 4));
    }
    // Negative seeds are taken modulo 2^53: −1 is the stream of 2^53 − 1.
    const a = new PathRng(-1);
    const b = new PathRng(2 ** 53 - 1);
    expect(a.nextU32()).toBe(b.nextU32());
  });
  it('gives odd seeds streams of their own (2^53 + s is inexact for odd s: seed 1 once gave seed 0’s)', () => {
    const first = [0, 1, 2, 3, 7, 8].map((seed) => new PathRng(seed).nextU32());
    expect(new Set(first).size).toBe(6);
  });
});
