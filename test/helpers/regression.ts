/**
 * Least squares y = a + b·x with the textbook standard errors, written out independently of
 * src/valuation/fit.ts so tests can bound a fitted coefficient by its sampling error:
 *   b = Sxy / Sxx,  a = ȳ − b·x̄,  s² = Σ residual² / (n − 2)
 *   se(b) = s / √Sxx,  se(a) = s · √(1/n + x̄² / Sxx),  se(s) ≈ s / √(2(n − 2))  (normal errors)
 */
export interface OlsWithErrors {
  a: number;
  b: number;
  s: number;
  se_a: number;
  se_b: number;
  se_s: number;
  n: number;
}

export function olsWithErrors(x: readonly number[], y: readonly number[]): OlsWithErrors {
  const n = x.length;
  const mx = x.reduce((acc, v) => acc + v, 0) / n;
  const my = y.reduce((acc, v) => acc + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i]! - mx) ** 2;
    sxy += (x[i]! - mx) * (y[i]! - my);
  }
  const b = sxy / sxx;
  const a = my - b * mx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (y[i]! - a - b * x[i]!) ** 2;
  const s = Math.sqrt(sse / (n - 2));
  return { a, b, s, se_a: s * Math.sqrt(1 / n + (mx * mx) / sxx), se_b: s / Math.sqrt(sxx), se_s: s / Math.sqrt(2 * (n - 2)), n };
}

/** Standard error of a sample mean and of a sample s.d. (the latter with the sample's excess kurtosis κ: √((κ + 2) / 4n) relative). */
export function meanSdErrors(sd: number, n: number, excessKurtosis: number): { se_mean: number; se_sd: number } {
  return { se_mean: sd / Math.sqrt(n), se_sd: sd * Math.sqrt((excessKurtosis + 2) / (4 * n)) };
}
