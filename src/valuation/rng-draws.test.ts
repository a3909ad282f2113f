import { describe, expect, it } from 'vitest';
import { PathRng } from './rng.js';
import { stateFor, xoshiroOutputs, type XoState } from '../../test/helpers/xoshiro-reference.js';

/** PathRng's private generator state and ziggurat tables, read and set by these tests only. */
interface Internals {
  s0: number;
  s1: number;
  s2: number;
  s3: number;
  zig: { kn: Float64Array; wn: Float64Array; fn: Float64Array };
}
const internals = (rng: PathRng): Internals => rng as unknown as Internals;

/** Marsaglia & Tsang's 256-layer constants: the base layer's right edge R and every layer's area v. */
const R = 3.6541528853610088;
const V = 4.92867323399e-3;
const M1 = 2 ** 31;
const TWO_32 = 2 ** 32;
const phi = (x: number): number => Math.exp(-0.5 * x * x);

// The tables are built once per module, by the first PathRng: this test builds them and checks
// every entry, so it must stay first in the file.
describe('ziggurat tables (Marsaglia & Tsang 2000, 256 layers)', () => {
  it('are the equal-area layers of e^(−x²/2) closing at R = 3.6541528853610088', () => {
    const { kn, wn, fn } = internals(new PathRng(1)).zig;
    const x = (i: number): number => wn[i]! * M1;
    expect(x(255)).toBe(R);
    expect(fn[0]).toBe(1);
    // fn is the density at each layer's edge (1e-15: Math.exp's rounding).
    for (let i = 1; i < 256; i++) expect(Math.abs(fn[i]! / phi(x(i)) - 1)).toBeLessThan(1e-15);
    // Each layer x_{i+1}·(f(x_i) − f(x_{i+1})) has area v (1e-12: 254 steps of the recursion's rounding).
    for (let i = 1; i < 255; i++) expect(Math.abs((x(i + 1) * (fn[i]! - fn[i + 1]!)) / V - 1)).toBeLessThan(1e-12);
    // The top layer x_1·(1 − f(x_1)) closes at v too, to the 12 digits v is published to.
    expect(Math.abs((x(1) * (1 - fn[1]!)) / V - 1)).toBeLessThan(2e-9);
    // Base layer: width q with q·f(R) = v, i.e. the rectangle R·f(R) plus the tail ∫_R^∞ f (Simpson,
    // 4,000 panels over [R, R + 10]: error far below 1e-12).
    const q = wn[0]! * M1;
    expect(Math.abs((q * fn[255]!) / V - 1)).toBeLessThan(1e-14);
    const n = 4000;
    const h = 10 / n;
    let tail = phi(R) + phi(R + 10);
    for (let k = 1; k < n; k++) tail += (k % 2 ? 4 : 2) * phi(R + k * h);
    tail *= h / 3;
    expect(Math.abs((R * fn[255]! + tail) / V - 1)).toBeLessThan(2e-9);
    // kn[i]: the fraction x_{i−1}/x_i of layer i that lies under the curve, as a 31-bit bound; kn[0] = R/q.
    expect(Math.abs((kn[0]! * wn[0]!) / R - 1)).toBeLessThan(1e-15);
    expect(kn[1]).toBe(0);
    for (let i = 2; i < 256; i++) expect(Math.abs((kn[i]! * wn[i]!) / x(i - 1) - 1)).toBeLessThan(1e-15);
    // No bound is a whole number (but kn[1] = 0, only met by hz = 0, which is in layer 0): an
    // integer |hz| never equals one, so `|hz| < kn` and `|hz| ≤ kn` are the same test.
    for (let i = 0; i < 256; i++) if (i !== 1) expect(Number.isInteger(kn[i])).toBe(false);
  });
});

/** A generator whose next outputs are `outs` (≤ 4), and the reference state it starts from. */
function primed(outs: readonly number[]): { rng: PathRng; state: XoState } {
  const state = stateFor(outs);
  const rng = new PathRng(0);
  Object.assign(internals(rng), { s0: state[0] | 0, s1: state[1] | 0, s2: state[2] | 0, s3: state[3] | 0 });
  return { rng, state };
}
/** The output that gives uniform ≈ u, and the uniform it gives exactly: (r + ½)/2³². */
const uOut = (u: number): number => Math.min(TWO_32 - 1, Math.max(0, Math.round(u * TWO_32 - 0.5)));
const uOf = (r: number): number => (r + 0.5) / TWO_32;
/** An output that takes the ziggurat's fast path in layer 255 to a normal ≈ x (|x| < 3.44), and that normal. */
function fastNormal(x: number): { out: number; x: number } {
  const { kn, wn } = internals(new PathRng(0)).zig;
  const hz = Math.round(x / wn[255]! / 256) * 256 + 255;
  expect(Math.abs(hz)).toBeLessThan(kn[255]!);
  return { out: hz >>> 0, x: hz * wn[255]! };
}
/** Draws of layer 0 beyond its rectangle (|hz| ≥ kn[0] ≈ 2.0066e9): the tail, on either side. */
const TAIL_POS = 0x7fffff00;
const TAIL_NEG = -0x7fffff00 >>> 0;

describe('normal(): each branch of the ziggurat against its formula, and the draws it uses', () => {
  // Tail values carry fm.ln's error (≤ 1e-15 relative to ln u) divided by R: 1e-14 is ample.
  it('tail: accepts R + x, x = −ln(u₁)/R, when 2·(−ln u₂) ≥ x², on the draw’s side', () => {
    for (const [hz, sign] of [
      [TAIL_POS, 1],
      [TAIL_NEG, -1],
    ] as const) {
      // x = 0.5 (x² = 0.25), y = 0.3: accepted (0.6 ≥ 0.25), and would not be with x² taken as 1.
      const outs = [hz, uOut(Math.exp(-0.5 * R)), uOut(Math.exp(-0.3)), 0x13579bdf];
      const { rng } = primed(outs);
      const xt = -Math.log(uOf(outs[1]!)) / R;
      expect(xt).toBeCloseTo(0.5, 8);
      expect(Math.abs(rng.normal() - sign * (R + xt))).toBeLessThan(1e-14);
      expect(rng.nextU32()).toBe(outs[3]);
    }
  });
  it('tail: a rejected pair (2y < x²) is redrawn', () => {
    // x = 1.5, y = 0.1 rejected; then u₃ → 1 gives x ≈ 3e−11, accepted whatever the 5th draw.
    const outs = [TAIL_POS, uOut(Math.exp(-1.5 * R)), uOut(Math.exp(-0.1)), TWO_32 - 1];
    const { rng, state } = primed(outs);
    expect(Math.abs(rng.normal() - (R - Math.log(uOf(TWO_32 - 1)) / R))).toBeLessThan(1e-14);
    expect(rng.nextU32()).toBe(xoshiroOutputs(state, 6)[5]);
  });

  // Layer 128's wedge, between x₁₂₇ = 1.5286 and x₁₂₈ = 1.5353: the draw 0x7fb7b480 lands mid-wedge,
  // where the curve crosses the uniform's range at u* ≈ 0.499.
  const WEDGE = 0x7fb7b480;
  it('wedge: accepts x = hz·w₁₂₈ when f₁₂₈ + u·(f₁₂₇ − f₁₂₈) < e^(−x²/2)', () => {
    const { wn, fn } = internals(new PathRng(0)).zig;
    const x = WEDGE * wn[128]!;
    const uStar = (phi(x) - fn[128]!) / (fn[127]! - fn[128]!);
    expect(uStar).toBeGreaterThan(0.45);
    expect(uStar).toBeLessThan(0.55);
    const outs = [WEDGE, uOut(0.3), 0x2468ace0];
    const { rng } = primed(outs);
    expect(rng.normal()).toBe(x);
    expect(rng.nextU32()).toBe(outs[2]);
  });
  it('wedge: rejects above the curve and draws again (a fast-path draw, then the tail)', () => {
    const { wn } = internals(new PathRng(0)).zig;
    // Rejected at u = 0.7, then 0x40000080 (layer 128, inside its rectangle) is returned as is.
    const fast = [WEDGE, uOut(0.7), 0x40000080, 0x2468ace0];
    const a = primed(fast).rng;
    expect(a.normal()).toBe(0x40000080 * wn[128]!);
    expect(a.nextU32()).toBe(fast[3]);
    // Rejected, then a tail draw: it goes through the tail's own test, not returned as hz·w₀.
    const tail = [WEDGE, uOut(0.7), TAIL_POS, TWO_32 - 1];
    const b = primed(tail);
    expect(Math.abs(b.rng.normal() - (R - Math.log(uOf(TWO_32 - 1)) / R))).toBeLessThan(1e-14);
    expect(b.rng.nextU32()).toBe(xoshiroOutputs(b.state, 6)[5]);
  });
});

describe('gamma(d, c): Marsaglia–Tsang tries against the formula', () => {
  // Gamma(4) as for ν = 8: d = 11/3, c = 1/√(9d). Values to 1e-15 relative (the same few products).
  const d = 4 - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const v = (x: number): number => (1 + c * x) ** 3;
  const close = (a: number, b: number): void => expect(Math.abs(a / b - 1)).toBeLessThan(1e-15);

  it('the squeeze accepts d·(1 + c·x)³ for u < 1 − 0.0331·x⁴', () => {
    const z = fastNormal(0.5);
    const outs = [z.out, uOut(0.5), 0x0badf00d];
    const { rng } = primed(outs);
    close(rng.gamma(d, c), d * v(z.x));
    expect(rng.nextU32()).toBe(outs[2]);
  });
  it('past the squeeze, ln u < x²/2 + d·(1 − v + ln v) accepts; above it the try is redrawn', () => {
    const z = fastNormal(-2.5);
    // x⁴ ≈ 39: the squeeze bound is negative, so only the log test decides (threshold ≈ 0.86).
    expect(1 - 0.0331 * z.x ** 4).toBeLessThan(0);
    const threshold = Math.exp(0.5 * z.x * z.x + d * (1 - v(z.x) + Math.log(v(z.x))));
    expect(threshold).toBeGreaterThan(0.8);
    expect(threshold).toBeLessThan(0.88);
    const accepted = primed([z.out, uOut(0.4), 0x0badf00d]).rng;
    close(accepted.gamma(d, c), d * v(z.x));
    // Rejected at u = 0.9; the retry's x = 0 (draw 0: layer 0, inside its rectangle) gives v = 1.
    const outs = [z.out, uOut(0.9), 0, uOut(0.5)];
    const { rng, state } = primed(outs);
    expect(rng.gamma(d, c)).toBe(d);
    expect(rng.nextU32()).toBe(xoshiroOutputs(state, 5)[4]);
  });
  it('a normal at or below −1/c (1 + c·x ≤ 0) is rejected: Gamma(1.005), as for Student-t ν = 2.01', () => {
    // a = 1.005: d = 0.6717, c = 0.4067, so x = −3 gives 1 + c·x = −0.22; the retry's x = 0 gives d.
    const dt = 1.005 - 1 / 3;
    const ct = 1 / Math.sqrt(9 * dt);
    const neg = fastNormal(-3);
    expect(1 + ct * neg.x).toBeLessThan(0);
    const { rng } = primed([neg.out, uOut(0.5), 0, uOut(0.5)]);
    expect(rng.gamma(dt, ct)).toBe(dt);
  });
});

describe('fillStudentT', () => {
  it('one variate accepted on its first try uses exactly its normal, its gamma’s normal and uniform', () => {
    const nu = 8;
    const d = nu / 2 - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    const z = fastNormal(1);
    const x = fastNormal(0.5);
    const outs = [z.out, x.out, uOut(0.5), 0x2468ace0];
    const { rng } = primed(outs);
    const out = new Float64Array(1);
    rng.fillStudentT(out, nu, 0, 1);
    expect(Math.abs(out[0]! / (z.x * Math.sqrt(nu / 2 / (d * (1 + c * x.x) ** 3))) - 1)).toBeLessThan(1e-15);
    expect(rng.nextU32()).toBe(outs[3]);
  });
  it('refuses ν ≤ 2 (no finite variance) and NaN', () => {
    const rng = new PathRng(3);
    const out = new Float64Array(4);
    expect(() => rng.fillStudentT(out, 2)).toThrow(RangeError);
    expect(() => rng.fillStudentT(out, NaN)).toThrow(RangeError);
    rng.fillStudentT(out, 2.01);
    expect(out.every(Number.isFinite)).toBe(true);
  });
});
