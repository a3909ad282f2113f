/**
 * A power price distribution from CSV (`hashfloor underwater --power-price-brackets FILE`, the body
 * of `POST /api/v1/network/underwater`): one bracket per line, the share of network hashrate that
 * pays each price.
 *
 *   power_price_usd_per_mwh,hashrate_share
 *   30,0.25
 *   45,0.5
 *   70,0.25
 *
 * Columns in any order (others refused), blank lines skipped. Every failure is a ParseError naming
 * the line and the column: a cell that is no plain decimal, a price outside the machine model's
 * range, a share outside 0..1; the shares must sum to 1 (within SHARE_SUM_TOLERANCE), else the
 * error names the column and the lines summed.
 */
import { ParseError } from '../errors.js';
import { MAX_POWER_PRICE_USD_PER_MWH, MIN_POWER_PRICE_USD_PER_MWH } from '../economics/machine.js';
import { SHARE_SUM_TOLERANCE, type PowerPriceBracket } from '../economics/underwater.js';
import { parseDecimal, unquote } from './csv-cells.js';

export const BRACKET_COLUMNS = ['power_price_usd_per_mwh', 'hashrate_share'] as const;

export function parsePowerPriceBracketsCsv(text: string, source: string): PowerPriceBracket[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map(unquote);
  for (const h of header)
    if (!(BRACKET_COLUMNS as readonly string[]).includes(h))
      throw new ParseError(`column "${h}" is not one of ${BRACKET_COLUMNS.join(', ')} (expected header ${BRACKET_COLUMNS.join(',')})`, { line: 1, source });
  for (const c of BRACKET_COLUMNS)
    if (header.filter((h) => h === c).length !== 1)
      throw new ParseError(`the header must name column ${c} once (expected header ${BRACKET_COLUMNS.join(',')})`, { line: 1, source });
  const at = BRACKET_COLUMNS.map((c) => header.indexOf(c)) as [number, number];
  const out: PowerPriceBracket[] = [];
  let first = 0;
  let last = 0;
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',').map(unquote);
    if (cells.length !== header.length) throw new ParseError(`expected ${header.length} cells (${header.join(',')}), got ${cells.length}`, { line, source });
    const price = parseDecimal(cells[at[0]] as string);
    if (price === undefined || price < MIN_POWER_PRICE_USD_PER_MWH || price > MAX_POWER_PRICE_USD_PER_MWH)
      throw new ParseError(
        `column power_price_usd_per_mwh: expected a number from ${MIN_POWER_PRICE_USD_PER_MWH} to ${MAX_POWER_PRICE_USD_PER_MWH} (USD/MWh), got "${cells[at[0]]}"`,
        { line, source },
      );
    const share = parseDecimal(cells[at[1]] as string);
    if (share === undefined || share < 0 || share > 1)
      throw new ParseError(`column hashrate_share: expected a share from 0 to 1, got "${cells[at[1]]}"`, { line, source });
    out.push({ power_price_usd_per_mwh: price, hashrate_share: share });
    first ||= line;
    last = line;
  }
  if (out.length === 0) throw new ParseError(`no brackets: give one line per power price after the header ${BRACKET_COLUMNS.join(',')}`, { line: 2, source });
  const sum = out.reduce((s, b) => s + b.hashrate_share, 0);
  if (Math.abs(sum - 1) > SHARE_SUM_TOLERANCE)
    throw new ParseError(`column hashrate_share: lines ${first}–${last} sum to ${Number(sum.toFixed(6))}, expected 1 (±${SHARE_SUM_TOLERANCE})`, {
      line: last,
      source,
    });
  return out;
}
