/**
 * exp and ln for the Monte Carlo hot loop, written in JavaScript so V8 compiles them inline:
 * `Math.exp`/`Math.log` are calls into C that also spill every live register of the kernel's
 * loop, and were ~40% of its time. Both are table-driven with a short polynomial, accurate to a
 * few units in the last place (relative error < 1e-15, tested against Math.exp/Math.log) — far
 * below Monte Carlo noise, and deterministic, so results stay identical for any worker count.
 *
 *   exp(x) = 2^k · 2^(j/64) · e^r,  x = (64k + j)·ln2/64 + r, |r| ≤ ln2/128, e^r by Taylor to r⁵
 *   ln(v)  = e·ln2 + ln(1/g_j) + ln(1 + r),  v = 2^e·m, m ∈ [1, 2), r = m·g_j − 1, |r| ≤ 1/256,
 *            g_j ≈ 1/(1 + (j + ½)/128) for the top 7 bits j of m, ln(1 + r) by Taylor to r⁶
 * Arguments outside |x| < 708 (exp) or non-normal / non-positive v (ln) fall back to Math.
 */

const N = 64;
const INV_LN2_N = N / Math.LN2;
/** ln 2 split so that n·LN2_HI is exact for |n| < 2^20 (fdlibm's ln2_hi has 32 significant bits). */
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const LN2_N_HI = LN2_HI / N;
const LN2_N_LO = LN2_LO / N;
/** softplus grid: nodes every 1/SP_PER_UNIT over [−SP_RANGE, SP_RANGE]. */
const SP_PER_UNIT = 32;
const SP_RANGE = 40;
const SP_NODES = 2 * SP_RANGE * SP_PER_UNIT + 1;
/** 1.5·2^52: adding and subtracting it rounds a double below 2^51 in magnitude to the nearest integer. */
const ROUND = 6755399441055744;

interface Tables {
  /** 2^(j/64), j = 0…63. */
  exp2j: Float64Array;
  /** g_j and −ln g_j for the 128 mantissa buckets of ln. */
  g: Float64Array;
  lnInvG: Float64Array;
  /** 2^k and 2^−k for k = −1022…1023 at index k + 1022 (exact scaling without writing bits into a double). */
  pow2: Float64Array;
  pow2neg: Float64Array;
  /**
   * softplus Taylor coefficients at the nodes x_i = i/32 − 40, i = 0…2560, stride 7:
   * f(x_i), f′, f″/2!, …, f⁽⁶⁾/6! (f = ln(1 + eˣ); derivatives from σ = 1/(1 + e⁻ˣ), a = σ(1 − σ)).
   */
  sp: Float64Array;
}

let tablesCache: Tables | undefined;

/** The read-only tables, built on first use (~10,000 Math calls: too many to redo per block of paths). */
function tables(): Tables {
  if (tablesCache) return tablesCache;
  const sp = new Float64Array(SP_NODES * 7);
  for (let i = 0; i < SP_NODES; i++) {
    const x = i / SP_PER_UNIT - SP_RANGE;
    const sg = 1 / (1 + Math.exp(-x));
    const a = sg * (1 / (1 + Math.exp(x)));
    const u = 1 - 2 * sg;
    const o = i * 7;
    sp[o] = Math.log1p(Math.exp(x));
    sp[o + 1] = sg;
    sp[o + 2] = a / 2;
    sp[o + 3] = (a * u) / 6;
    sp[o + 4] = (a * (1 - 6 * a)) / 24;
    sp[o + 5] = (a * u * (1 - 12 * a)) / 120;
    sp[o + 6] = (a * (1 - 30 * a + 120 * a * a)) / 720;
  }
  const exp2j = new Float64Array(N);
  for (let j = 0; j < N; j++) exp2j[j] = Math.pow(2, j / N);
  const g = new Float64Array(128);
  const lnInvG = new Float64Array(128);
  for (let j = 0; j < 128; j++) {
    g[j] = 1 / (1 + (j + 0.5) / 128);
    // ln(1/g) of the rounded g itself, so m·g − 1 carries no table error.
    lnInvG[j] = -Math.log(g[j]!);
  }
  const pow2 = new Float64Array(2046);
  const pow2neg = new Float64Array(2046);
  for (let k = -1022; k <= 1023; k++) {
    pow2[k + 1022] = Math.pow(2, k);
    pow2neg[k + 1022] = Math.pow(2, -k);
  }
  tablesCache = { exp2j, g, lnInvG, pow2, pow2neg, sp };
  return tablesCache;
}

export class FastExpLog {
  private readonly exp2j: Float64Array;
  private readonly g: Float64Array;
  private readonly lnInvG: Float64Array;
  private readonly pow2: Float64Array;
  private readonly pow2neg: Float64Array;
  private readonly sp: Float64Array;
  /** Scratch double and its two 32-bit words, for reading v's exponent and top mantissa bits. */
  private readonly f = new Float64Array(1);
  private readonly w = new Int32Array(this.f.buffer);
  private readonly hi: number;

  constructor() {
    const t = tables();
    this.exp2j = t.exp2j;
    this.g = t.g;
    this.lnInvG = t.lnInvG;
    this.pow2 = t.pow2;
    this.pow2neg = t.pow2neg;
    this.sp = t.sp;
    this.f[0] = 1;
    this.hi = this.w[1] === 0x3ff00000 ? 1 : 0;
  }

  exp(x: number): number {
    if (!(x > -708 && x < 708)) return Math.exp(x);
    const n = x * INV_LN2_N + ROUND - ROUND;
    const r = x - n * LN2_N_HI - n * LN2_N_LO;
    const ni = n | 0;
    const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
    return this.exp2j[ni & (N - 1)]! * p * this.pow2[(ni >> 6) + 1022]!;
  }

  /**
   * softplus(x) = ln(1 + eˣ) by Taylor to order 6 around the nearest node of a 1/32 grid
   * (|δ| ≤ 1/64: truncation < 1e-16); beyond |x| ≥ 40 it is eˣ or x + e⁻ˣ to double precision.
   */
  softplus(x: number): number {
    if (!(x > -SP_RANGE && x < SP_RANGE)) return x > 0 ? x + this.exp(-x) : this.exp(x);
    const n = x * SP_PER_UNIT + ROUND - ROUND;
    const d = x - n * (1 / SP_PER_UNIT);
    const sp = this.sp;
    const o = ((n | 0) + SP_RANGE * SP_PER_UNIT) * 7;
    return sp[o]! + d * (sp[o + 1]! + d * (sp[o + 2]! + d * (sp[o + 3]! + d * (sp[o + 4]! + d * (sp[o + 5]! + d * sp[o + 6]!)))));
  }

  ln(v: number): number {
    this.f[0] = v;
    const h = this.w[this.hi]!;
    // Zero, subnormal, negative (sign bit → h < 0), infinite or NaN: let Math decide.
    if (h < 0x00100000 || h >= 0x7ff00000) return Math.log(v);
    const e = (h >> 20) - 1023;
    const j = (h >> 13) & 127;
    // m = v·2^−e ∈ [1, 2) exactly.
    const r = v * this.pow2neg[e + 1022]! * this.g[j]! - 1;
    const q = r * r * (-0.5 + r * (1 / 3 + r * (-0.25 + r * (0.2 + r * (-1 / 6)))));
    return e * LN2_HI + (this.lnInvG[j]! + (e * LN2_LO + (r + q)));
  }
}
