/**
 * Per-path random streams for Monte Carlo: the root seed and the path index are mixed by
 * splitmix64 into the 128-bit state of a xoshiro128** generator, so path p draws the same numbers
 * whichever worker or chunk simulates it (the reproducibility guarantee: same seed → same result
 * for any worker count). 64-bit arithmetic is emulated on uint32 halves to stay off BigInt in the
 * hot path.
 */
import { FastExpLog } from './fastmath.js';

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
  let nlo = Math.imul(lo, 0x1ce4e5b9) >>> 0;
  hi = (mulHi32(lo, 0x1ce4e5b9) + Math.imul(hi, 0x1ce4e5b9) + Math.imul(lo, 0xbf58476d)) >>> 0;
  lo = nlo;
  // z = (z ^ (z >> 27)) * 0x94D049BB133111EB
  lo = (lo ^ ((lo >>> 27) | (hi << 5))) >>> 0;
  hi = (hi ^ (hi >>> 27)) >>> 0;
  nlo = Math.imul(lo, 0x133111eb) >>> 0;
  hi = (mulHi32(lo, 0x133111eb) + Math.imul(hi, 0x133111eb) + Math.imul(lo, 0x94d049bb)) >>> 0;
  lo = nlo;
  // z ^ (z >> 31)
  out[1] = (lo ^ ((lo >>> 31) | (hi << 1))) >>> 0;
  out[0] = (hi ^ (hi >>> 31)) >>> 0;
}

const TWO_POW_32 = 4294967296;
/**
 * xoshiro128** (Blackman & Vigna) with one independent stream per path. `select(path)` seeds the
 * state from splitmix64(seed ⊕ golden-ratio·path); call it before drawing a path's numbers.
 * The fill methods are the hot path: they run the generator step written out in their loops
 * with the state in locals (V8 then keeps it in registers), and fall back to the methods that
 * step the fields only on the rare slow branches.
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
  private readonly zig = ziggurat();
  private readonly kn = this.zig.kn;
  private readonly wn = this.zig.wn;
  private readonly fm = new FastExpLog();
  /** Scratch for fillStudentT: the gamma's normals and uniforms. */
  private gx = new Float64Array(0);
  private gu = new Float64Array(0);

  /** `seed` is any safe integer (negative values are taken modulo 2^53). */
  constructor(seed: number) {
    // Only a negative remainder is shifted: 2^53 + s is not exact for odd s (doubles above 2^53 are
    // even), which used to fold each odd seed onto an even one (seed 1 gave seed 0's stream).
    const r = seed % 2 ** 53;
    const s = r < 0 ? r + 2 ** 53 : r;
    this.seedHi = Math.floor(s / TWO_POW_32) >>> 0;
    this.seedLo = s >>> 0;
    this.select(0);
  }

  /** Positions the generator at the start of path `path`'s stream. */
  select(path: number): void {
    const sm = this.sm;
    // Path p starts the splitmix sequence at (seedHi + p, seedLo + p·0x6a09e667): distinct for every (seed, path).
    sm[0] = (this.seedHi + path) >>> 0;
    sm[1] = (this.seedLo + Math.imul(path, 0x6a09e667)) >>> 0;
    splitmix64Next(sm, this.out);
    this.s0 = this.out[0]! | 0;
    this.s1 = this.out[1]! | 0;
    splitmix64Next(sm, this.out);
    this.s2 = this.out[0]! | 0;
    this.s3 = this.out[1]! | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next uint32 of xoshiro128**: out = rotl(s1·5, 7)·9, then the xorshift state update. */
  nextU32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return r;
  }

  /** Uniform on the open interval (0, 1), 32-bit resolution. */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32;
  }

  /**
   * Standard normal by the Marsaglia–Tsang ziggurat (256 layers, 32-bit): one uint32, a multiply
   * and a compare for ~99.3% of draws; the wedges and the tail (`normalSlow`) are sampled exactly.
   */
  normal(): number {
    const hz = this.nextU32() | 0;
    const iz = hz & ZIG_MASK;
    if (Math.abs(hz) < this.kn[iz]!) return hz * this.wn[iz]!;
    return this.normalSlow(hz, iz);
  }

  private normalSlow(hz: number, iz: number): number {
    const z = this.zig;
    for (;;) {
      if (iz === 0) {
        let x: number;
        let y: number;
        do {
          x = -this.fm.ln(this.uniform()) / ZIG_R;
          y = -this.fm.ln(this.uniform());
        } while (y + y < x * x);
        return hz > 0 ? ZIG_R + x : -ZIG_R - x;
      }
      const x = hz * z.wn[iz]!;
      if (z.fn[iz]! + this.uniform() * (z.fn[iz - 1]! - z.fn[iz]!) < this.fm.exp(-0.5 * x * x)) return x;
      hz = this.nextU32() | 0;
      iz = hz & ZIG_MASK;
      if (Math.abs(hz) < z.kn[iz]!) return hz * z.wn[iz]!;
    }
  }

  /**
   * Gamma(a, 1) for a ≥ 1 by Marsaglia–Tsang (2000), given d = a − 1/3 and c = 1/√(9d): x normal,
   * v = (1 + c·x)³; accept d·v when u < 1 − 0.0331·x⁴ (squeeze) or ln u < x²/2 + d(1 − v + ln v),
   * else try again with fresh draws.
   */
  gamma(d: number, c: number): number {
    for (;;) {
      const g = gammaTry(this.fm, this.normal(), this.uniform(), d, c);
      if (g > 0) return g;
    }
  }

  /** Student-t with ν > 2 degrees of freedom: Z / √(χ²_ν / ν), χ²_ν = 2·Gamma(ν/2). */
  studentT(nu: number): number {
    const d = nu / 2 - 1 / 3;
    const z = this.normal();
    return z * Math.sqrt(nu / 2 / this.gamma(d, 1 / Math.sqrt(9 * d)));
  }

  /** Fills out[start, end) with uniforms on (0, 1) (the same sequence as repeated `uniform()`). */
  fillUniform(out: Float64Array, start = 0, end = out.length): void {
    let s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3;
    for (let i = start; i < end; i++) {
      // nextU32(), written out.
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[i] = (r + 0.5) / TWO_POW_32;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Fills out[start, end) with standard normals (the same sequence as repeated `normal()`). */
  fillNormal(out: Float64Array, start = 0, end = out.length): void {
    const kn = this.kn;
    const wn = this.wn;
    let s0 = this.s0,
      s1 = this.s1,
      s2 = this.s2,
      s3 = this.s3;
    for (let i = start; i < end; i++) {
      // nextU32(), written out.
      const m = Math.imul(s1, 5);
      const hz = Math.imul((m << 7) | (m >>> 25), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const iz = hz & ZIG_MASK;
      if (Math.abs(hz) < kn[iz]!) out[i] = hz * wn[iz]!;
      else {
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
        out[i] = this.normalSlow(hz, iz);
        s0 = this.s0;
        s1 = this.s1;
        s2 = this.s2;
        s3 = this.s3;
      }
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /**
   * Fills out[start, end) with Student-t(ν) variates, n = end − start of them: draws the n normals
   * Z, then the n normals and n uniforms of each gamma's first try, then assembles
   * Z·√((ν/2)/Gamma(ν/2)); a first try that is rejected (~0.1% for ν ≈ 45) is redone with fresh
   * draws after those. Every draw is independent, so this is the exact law, in fewer passes.
   */
  fillStudentT(out: Float64Array, nu: number, start = 0, end = out.length): void {
    if (!(nu > 2)) throw new RangeError(`Student-t needs ν > 2 for a finite variance, got ${nu}`);
    const n = end - start;
    if (this.gx.length < n) {
      this.gx = new Float64Array(n);
      this.gu = new Float64Array(n);
    }
    const gx = this.gx;
    const gu = this.gu;
    this.fillNormal(out, start, end);
    this.fillNormal(gx, 0, n);
    this.fillUniform(gu, 0, n);
    const d = nu / 2 - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    const k = nu / 2;
    const fm = this.fm;
    // Two passes: the rare rejections stay out of the loop that divides and takes roots.
    for (let i = 0; i < n; i++) {
      const g = gammaTry(fm, gx[i]!, gu[i]!, d, c);
      gx[i] = g > 0 ? g : this.gamma(d, c);
    }
    for (let i = 0; i < n; i++) out[start + i] = out[start + i]! * Math.sqrt(k / gx[i]!);
  }
}

/**
 * One Marsaglia–Tsang try for Gamma(d + 1/3) from a normal x and a uniform u: d·v with
 * v = (1 + c·x)³ when accepted, else −1.
 */
function gammaTry(fm: FastExpLog, x: number, u: number, d: number, c: number): number {
  const v1 = 1 + c * x;
  if (!(v1 > 0)) return -1;
  const v = v1 * v1 * v1;
  const x2 = x * x;
  if (u < 1 - 0.0331 * x2 * x2) return d * v;
  if (fm.ln(u) < 0.5 * x2 + d * (1 - v + fm.ln(v))) return d * v;
  return -1;
}

/** Right edge of the ziggurat's base layer. */
const ZIG_R = 3.6541528853610088;
/** Layers − 1: the layer index is the low 8 bits of the draw. */
const ZIG_MASK = 255;

interface Ziggurat {
  kn: Int32Array | Float64Array;
  wn: Float64Array;
  fn: Float64Array;
}

let zigCache: Ziggurat | undefined;

/** The 256-layer ziggurat tables for the standard normal (Marsaglia & Tsang 2000), built on first use. */
function ziggurat(): Ziggurat {
  if (zigCache) return zigCache;
  const m1 = 2147483648;
  const vn = 4.92867323399e-3;
  const kn = new Float64Array(256);
  const wn = new Float64Array(256);
  const fn = new Float64Array(256);
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  kn[0] = (dn / q) * m1;
  kn[1] = 0;
  wn[0] = q / m1;
  wn[255] = dn / m1;
  fn[0] = 1;
  fn[255] = Math.exp(-0.5 * dn * dn);
  for (let i = 254; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    kn[i + 1] = (dn / tn) * m1;
    tn = dn;
    fn[i] = Math.exp(-0.5 * dn * dn);
    wn[i] = dn / m1;
  }
  zigCache = { kn, wn, fn };
  return zigCache;
}
