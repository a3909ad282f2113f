/**
 * Demand-response events from CSV, one row per site-hour:
 *   site,hour_start_utc,cap_mw,payment_usd_per_mwh
 *   tx-west,2024-08-20T22:00:00Z,40,250
 * `cap_mw` is the site's reduced grid-side cap during the hour (≥ 0), `payment_usd_per_mwh` what
 * the programme pays per MWh drawn below the baseline (≥ 0). Rows outside the planned hours are
 * skipped (a whole season's events may be given for a shorter plan). A malformed cell is a
 * ParseError naming the line and column; an unknown site or a time off the hour a ValidationError.
 */
import type { DemandResponseEvent } from '../dispatch/problem.js';
import { ParseError, ValidationError } from '../errors.js';

const TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:00(?::00)?Z$/;
const COLUMNS = ['site', 'hour_start_utc', 'cap_mw', 'payment_usd_per_mwh'] as const;

export function parseDrEventsCsv(text: string, source: string, siteIds: readonly string[], start_unix_s: number, hours: number): DemandResponseEvent[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',').map((c) => c.trim());
  const col = COLUMNS.map((c) => header.indexOf(c));
  if (col.some((i) => i < 0)) throw new ParseError(`header must name the columns ${COLUMNS.join(', ')}, got "${lines[0] ?? ''}"`, { line: 1, source });
  const events: DemandResponseEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',').map((c) => c.trim());
    const [siteText, timeText, capText, payText] = col.map((j) => cells[j] ?? '') as [string, string, string, string];
    const site = siteIds.indexOf(siteText);
    if (site < 0) throw ValidationError.field(`${source} line ${line}: site`, `no site "${siteText}" in the fleet (sites: ${siteIds.join(', ')})`);
    if (!TIME_RE.test(timeText)) throw new ParseError(`hour_start_utc must be a UTC hour like 2024-08-20T22:00:00Z, got "${timeText}"`, { line, source });
    const cap = capText === '' ? NaN : Number(capText);
    if (!(Number.isFinite(cap) && cap >= 0)) throw new ParseError(`cap_mw must be a number ≥ 0 (MW), got "${capText}"`, { line, source });
    const pay = payText === '' ? NaN : Number(payText);
    if (!(Number.isFinite(pay) && pay >= 0)) throw new ParseError(`payment_usd_per_mwh must be a number ≥ 0, got "${payText}"`, { line, source });
    const hour = (Date.parse(timeText) / 1000 - start_unix_s) / 3600;
    if (hour < 0 || hour >= hours) continue;
    events.push({ site, hour, cap_mw: cap, payment_usd_per_mwh: pay });
  }
  return events;
}
