/**
 * An independent xoshiro128** for tests, written from Blackman & Vigna's published definition
 * (state words s[0..3] as uint32; output rotl(s[1]·5, 7)·9), and a way to put a generator in the
 * state whose next outputs are chosen ones: the step is linear over GF(2), so the four outputs
 * fix the pre-scrambler s[1] of four steps, 128 linear equations in the 128 state bits, solved by
 * Gaussian elimination. Lets a test drive a sampler down one exact branch (a ziggurat wedge, the
 * tail, a rejected gamma try) and check the answer against the branch's formula.
 */
export type XoState = [number, number, number, number];

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** One step: returns the output and advances `s` in place. */
export function xoshiroStep(s: XoState): number {
  const out = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
  const t = (s[1] << 9) >>> 0;
  s[2] = (s[2] ^ s[0]) >>> 0;
  s[3] = (s[3] ^ s[1]) >>> 0;
  s[1] = (s[1] ^ s[2]) >>> 0;
  s[0] = (s[0] ^ s[3]) >>> 0;
  s[2] = (s[2] ^ t) >>> 0;
  s[3] = rotl(s[3], 11);
  return out;
}

/** The next `n` outputs from state `s` (not modified). */
export function xoshiroOutputs(s: XoState, n: number): number[] {
  const c: XoState = [...s];
  return Array.from({ length: n }, () => xoshiroStep(c));
}

/** Multiplicative inverse of an odd a modulo 2^32 (Newton: each step doubles the correct bits). */
function inverseMod32(a: number): number {
  let x = 1;
  for (let i = 0; i < 5; i++) x = Math.imul(x, (2 - Math.imul(a, x)) >>> 0) >>> 0;
  return x;
}

/** The s[1] whose scrambled output is `out`: undo ·9, rotl 7 and ·5. */
function unscramble(out: number): number {
  const m = Math.imul(out, inverseMod32(9)) >>> 0;
  return Math.imul(((m >>> 7) | (m << 25)) >>> 0, inverseMod32(5)) >>> 0;
}

/** A state whose next outputs are `outs` (at most 4, the state's 128 bits). */
export function stateFor(outs: readonly number[]): XoState {
  if (outs.length > 4) throw new RangeError('at most 4 outputs fix a 128-bit state');
  const K = outs.length;
  // s1 of step k as a function of each basis state bit.
  const cols: number[][] = [];
  for (let i = 0; i < 128; i++) {
    const s: XoState = [0, 0, 0, 0];
    s[i >> 5] = (1 << (i & 31)) >>> 0;
    const v: number[] = [];
    for (let k = 0; k < K; k++) {
      v.push(s[1]);
      xoshiroStep(s);
    }
    cols.push(v);
  }
  const rows: bigint[] = [];
  const rhs: number[] = [];
  for (let k = 0; k < K; k++) {
    const target = unscramble(outs[k]! >>> 0);
    for (let b = 0; b < 32; b++) {
      let m = 0n;
      for (let i = 0; i < 128; i++) if ((cols[i]![k]! >>> b) & 1) m |= 1n << BigInt(i);
      rows.push(m);
      rhs.push((target >>> b) & 1);
    }
  }
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < 128 && r < rows.length; c++) {
    const bit = 1n << BigInt(c);
    const p = rows.findIndex((row, i) => i >= r && (row & bit) !== 0n);
    if (p < 0) continue;
    [rows[r], rows[p]] = [rows[p]!, rows[r]!];
    [rhs[r], rhs[p]] = [rhs[p]!, rhs[r]!];
    for (let i = 0; i < rows.length; i++) {
      if (i !== r && (rows[i]! & bit) !== 0n) {
        rows[i] = rows[i]! ^ rows[r]!;
        rhs[i] = rhs[i]! ^ rhs[r]!;
      }
    }
    pivots.push(c);
    r++;
  }
  for (let i = r; i < rows.length; i++) if (rhs[i]) throw new Error('outputs not reachable from any state');
  const s: XoState = [0, 0, 0, 0];
  for (let i = 0; i < r; i++) if (rhs[i]) s[pivots[i]! >> 5] = (s[pivots[i]! >> 5]! | (1 << (pivots[i]! & 31))) >>> 0;
  return s;
}
