/**
 * Numbers as `value.toLocaleString('en-US', options)` writes them ("1,234.57"), without Intl.
 *
 * Why: the first Intl call of a process loads ICU's number formatting, 40–70 ms of CPU on this
 * project's 2-core machine, more than a whole `hashfloor supply` spends on its own work. The text
 * is identical (src/units/en-us-number.test.ts compares it with Intl across magnitudes and options).
 *
 * The rules, from ECMA-402's digit options for a plain decimal in en-US:
 * - the number is first written as its shortest round-trip decimal (what `String(x)` gives and
 *   what ICU rounds, so 1.005 to two places is 1.01, not the binary value's 1.00);
 * - with `maximumSignificantDigits` it is rounded to that many significant digits and trailing
 *   fraction zeros are dropped (the fraction options are then ignored, as Intl does);
 * - otherwise to `maximumFractionDigits` places (default max(3, minimum)), padded with zeros to
 *   `minimumFractionDigits` (default 0);
 * - rounding is half away from zero; the integer part is grouped by three with ","; a negative
 *   value, or one that rounds to zero from below, or −0, has a leading "-";
 * - a double of more than 14 significant digits asked for more than 14 is handed to Intl: there
 *   ICU rounds its own 15-digit approximation, not the shortest decimal. No caller asks that many.
 */
export interface EnUsNumberOptions {
  minimumFractionDigits?: number;
  maximumFractionDigits?: number;
  maximumSignificantDigits?: number;
}

/** The most significant digits a rounding may keep and still match ICU's (see formatEnUs). */
const MAX_EXACT_CUT = 14;

/** A decimal magnitude: value = 0.digits × 10^point (digits without leading zeros; "" is zero). */
interface Decimal {
  digits: string;
  point: number;
}

export function formatEnUs(value: number | bigint, options: EnUsNumberOptions = {}): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  const negative = typeof value === 'bigint' ? value < 0n : value < 0 || Object.is(value, -0);
  const magnitude = typeof value === 'bigint' ? integerDecimal((negative ? -value : value).toString()) : shortestDecimal(Math.abs(value));
  const sig = options.maximumSignificantDigits;
  const min = options.minimumFractionDigits;
  const max = options.maximumFractionDigits ?? Math.max(3, min ?? 0);
  if (sig !== undefined) checkDigits('maximumSignificantDigits', sig, 1);
  else {
    checkDigits('maximumFractionDigits', max, 0);
    if (min !== undefined) checkDigits('minimumFractionDigits', min, 0);
    if (min !== undefined && min > max) throw new RangeError(`minimumFractionDigits ${min} is above maximumFractionDigits ${max}`);
  }
  const keep = sig ?? magnitude.point + max;
  // ICU works on an approximation of a double of about 15 digits: asked for more than 14 digits of
  // a number that has more, it can differ from the shortest decimal, so that rare case goes to Intl.
  if (typeof value === 'number' && keep > MAX_EXACT_CUT && magnitude.digits.length > MAX_EXACT_CUT) return value.toLocaleString('en-US', options);
  const text = plain(roundAt(magnitude, keep), sig === undefined ? (min ?? 0) : 0);
  return negative ? `-${text}` : text;
}

function checkDigits(name: string, n: number, least: number): void {
  if (!Number.isInteger(n) || n < least || n > 100) throw new RangeError(`${name} must be a whole number from ${least} to 100, got ${n}`);
}

function integerDecimal(digits: string): Decimal {
  const trimmed = digits.replace(/^0+/, '');
  return { digits: trimmed, point: trimmed.length };
}

/** |x| as its shortest round-trip decimal: String() gives "123.45", "1e-7" or "1.5e+21". */
function shortestDecimal(x: number): Decimal {
  const s = String(x);
  const e = s.indexOf('e');
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const whole = dot < 0 ? mantissa : mantissa.slice(0, dot);
  const all = dot < 0 ? mantissa : whole + mantissa.slice(dot + 1);
  let lead = 0;
  while (lead < all.length && all.charCodeAt(lead) === 48) lead++;
  if (lead === all.length) return { digits: '', point: 0 };
  return { digits: all.slice(lead).replace(/0+$/, ''), point: whole.length + exponent - lead };
}

/** `d` rounded half away from zero to its first `keep` digits (keep may be ≤ 0 or past the end). */
function roundAt(d: Decimal, keep: number): Decimal {
  if (keep >= d.digits.length) return d;
  if (keep < 0) return { digits: '', point: 0 };
  const up = d.digits.charCodeAt(keep) >= 53; // '5'
  let kept = d.digits.slice(0, keep);
  let point = d.point;
  if (up) {
    let i = kept.length - 1;
    while (i >= 0 && kept[i] === '9') i--;
    if (i < 0) {
      kept = '1';
      point += 1;
    } else kept = kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1);
  }
  kept = kept.replace(/0+$/, '');
  return kept === '' ? { digits: '', point: 0 } : { digits: kept, point };
}

/** The decimal in plain notation, integer part grouped, at least `minFraction` fraction digits. */
function plain(d: Decimal, minFraction: number): string {
  const { digits, point } = d;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  if (digits === '') fraction = '';
  if (fraction.length < minFraction) fraction += '0'.repeat(minFraction - fraction.length);
  return fraction === '' ? group(whole) : `${group(whole)}.${fraction}`;
}

function group(whole: string): string {
  if (whole.length <= 3) return whole;
  const head = whole.length % 3 || 3;
  let out = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return out;
}
