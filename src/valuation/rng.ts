/**
 * Per-path random streams for Monte Carlo: the root seed and the path index are mixed by
 * splitmix64 into the 128-bit state of a xoshiro128** generator, so path p draws the same numbers
 * whichever worker or chunk simulates it (the reproducibility guarantee: same seed → same result
 * for any worker count). 64-bit arithmetic is emulated on uint32 halves to stay off BigInt in the
 * hot path.
 */

/** High 32 bits of the unsigned 64-bit product a·b (a, b uint32). */
function mulHi32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (a1 * b1 + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + Math.floor(mid / 65536)) >>> 0;
}

/** One splitmix64 step on a state held as [hi, lo] uint32; returns the 64-bit output as [hi, lo]. */
export function splitmix64Next(state: Uint32Array, out: Uint32Array): void {
  // state += 0x9E3779B97F4A7C15
  const lo0 = (state[1]! + 0x7f4a7c15) >>> 0;
  const carry = lo0 < state[1]! ? 1 : 0;
  const hi0 = (state[0]! + 0x9e3779b9 + carry) >>> 0;
  state[0] = hi0;
  state[1] = lo0;
  let hi = hi0;
  let lo = lo0;
  // z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
  lo = (lo ^ ((lo >>> 30) | (hi << 2))) >>> 0;
  hi = (hi ^ (hi >>> 30)) >>> 0;
  [hi, lo] = mul64(hi, lo, 0xbf58476d, 0x1ce4e5b9);
  // z = (z ^ (z >> 27)) * 0x94D049BB133111EB
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  [hi, lo] = mul64(hi, lo, 0x94d049bb, 0x133111eb);
  // z ^ (z >> 31)
  out[1] = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  out[0] = (hi ^ (hi >>> 31)) >>> 0;
}

function mul64(ah: number, al: number, bh: number, bl: number): [number, number] {
  const lo = Math.imul(al, bl) >>> 0;
  const hi = (mulHi32(al, bl) + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  return [hi, lo];
}

const TWO_POW_32 = 4294967296;

/**
 * xoshiro128** (Blackman & Vigna) with one independent stream per path. `select(path)` seeds the
 * state from splitmix64(seed ⊕ golden-ratio·path); call it before drawing a path's numbers.
 */
export class PathRng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private readonly sm = new Uint32Array(2);
  private readonly out = new Uint32Array(2);
  private readonly seedHi: number;
  private readonly seedLo: number;
  /** Spare standard normal from the polar method (NaN when none). */
  private spare = NaN;

  /** `seed` is any safe integer (negative values are taken modulo 2^53). */
  constructor(seed: number) {
    const s = ((seed % 2 ** 53) + 2 ** 53) % 2 ** 53;
    this.seedHi = Math.floor(s / TWO_POW_32) >>> 0;
    this.seedLo = s >>> 0;
    this.select(0);
  }

  /** Positions the generator at the start of path `path`'s stream. */
  select(path: number): void {
    const sm = this.sm;
    // Path p starts the splitmix sequence at seed + p·2^32 + p, distinct for every (seed, path).
    sm[0] = (this.seedHi + path) >>> 0;
    sm[1] = (this.seedLo + Math.imul(path, 0x6a09e667)) >>> 0;
    splitmix64Next(sm, this.out);
    this.s0 = this.out[0]!;
    this.s1 = this.out[1]!;
    splitmix64Next(sm, this.out);
    this.s2 = this.out[0]!;
    this.s3 = this.out[1]!;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = NaN;
  }

  /** Fills `out` with uniforms on (0, 1) (same sequence as repeated `uniform()`). */
  fillUniform(out: Float64Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
  }

  /**
   * Fills `out` with standard normals by Marsaglia's polar method, both values of each accepted
   * pair used. The generator state lives in locals for the loop (the hot path of a run).
   */
  fillNormal(out: Float64Array): void {
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const n = out.length;
    let i = 0;
    while (i < n) {
      let m = Math.imul(s1, 5);
      const r1 = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const r2 = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      const u = ((r1 + 0.5) / TWO_POW_32) * 2 - 1;
      const v = ((r2 + 0.5) / TWO_POW_32) * 2 - 1;
      const w = u * u + v * v;
      if (w >= 1) continue;
      const f = Math.sqrt((-2 * Math.log(w)) / w);
      out[i++] = u * f;
      if (i < n) out[i++] = v * f;
    }
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
  }

  /** Fills `out` with Student-t(ν) variates by Bailey's polar method (see `studentT`). */
  fillStudentT(out: Float64Array, nu: number): void {
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    const k = -2 / nu;
    const n = out.length;
    let i = 0;
    while (i < n) {
      let m = Math.imul(s1, 5);
      const r1 = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      m = Math.imul(s1, 5);
      const r2 = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = (s3 << 11) | (s3 >>> 21);
      const u = ((r1 + 0.5) / TWO_POW_32) * 2 - 1;
      const v = ((r2 + 0.5) / TWO_POW_32) * 2 - 1;
      const w = u * u + v * v;
      if (w >= 1) continue;
      out[i++] = u * Math.sqrt((nu * (Math.exp(k * Math.log(w)) - 1)) / w);
    }
    this.s0 = s0; this.s1 = s1; this.s2 = s2; this.s3 = s3;
  }

  /** Next uint32 of xoshiro128**. */
  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform on the open interval (0, 1), 32-bit resolution. */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32;
  }

  /** Standard normal by Marsaglia's polar method (two per accepted pair; the second is kept). */
  normal(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return spare;
    }
    for (;;) {
      const u = this.uniform() * 2 - 1;
      const v = this.uniform() * 2 - 1;
      const w = u * u + v * v;
      if (w < 1 && w > 0) {
        const f = Math.sqrt((-2 * Math.log(w)) / w);
        this.spare = v * f;
        return u * f;
      }
    }
  }

  /**
   * Student-t with `nu` degrees of freedom by Bailey's polar method (1994): for (u, v) uniform
   * in the unit disc, w = u² + v², T = u·√(ν(w^(−2/ν) − 1)/w). Exact, one log/exp/sqrt per draw.
   */
  studentT(nu: number): number {
    for (;;) {
      const u = this.uniform() * 2 - 1;
      const v = this.uniform() * 2 - 1;
      const w = u * u + v * v;
      if (w < 1 && w > 0) return u * Math.sqrt((nu * (Math.exp((-2 / nu) * Math.log(w)) - 1)) / w);
    }
  }
}
