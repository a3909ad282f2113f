/**
 * Demand-response events from CSV, one row per site-hour:
 *   site,hour_start_utc,cap_mw,payment_usd_per_mwh
 *   tx-west,2024-08-20T22:00:00Z,40,250
 * `cap_mw` is the site's reduced grid-side cap during the hour (0 ≤ cap_mw ≤ the site's own cap),
 * `payment_usd_per_mwh` what the programme pays per MWh drawn below the baseline (≥ 0). Rows outside
 * the planned hours are skipped (a whole season's events may be given for a shorter plan), but every
 * row is checked. A malformed cell (a time that is no real UTC hour, a non-number) is a ParseError
 * naming the line and column; an unknown site, a time off the hour, the same site-hour twice (both
 * lines named) or a cap above the site's cap a ValidationError naming the line and field.
 */
import type { DemandResponseEvent } from '../../dispatch/problem.js';
import { ParseError, ValidationError } from '../../errors.js';
import { parseDecimal, parseUtc, unquote } from '../../config/csv-cells.js';

const COLUMNS = ['site', 'hour_start_utc', 'cap_mw', 'payment_usd_per_mwh'] as const;

export interface DrSite {
  id: string;
  /** The site's normal grid-side cap (MW); an event may only lower it. */
  cap_mw: number;
}

export function parseDrEventsCsv(text: string, source: string, sites: readonly DrSite[], start_unix_s: number, hours: number): DemandResponseEvent[] {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '')
    .replace(/^\uFEFF/, '')
    .split(',')
    .map(unquote);
  const col = COLUMNS.map((c) => header.indexOf(c));
  if (col.some((i) => i < 0)) throw new ParseError(`header must name the columns ${COLUMNS.join(', ')}, got "${lines[0] ?? ''}"`, { line: 1, source });
  const ids = sites.map((s) => s.id);
  const events: DemandResponseEvent[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i] as string;
    if (raw.trim() === '') continue;
    const line = i + 1;
    const cells = raw.split(',').map(unquote);
    const [siteText, timeText, capText, payText] = col.map((j) => cells[j] ?? '') as [string, string, string, string];
    const at = (field: string): string => `${source} line ${line}: ${field}`;
    const site = ids.indexOf(siteText);
    if (site < 0) throw ValidationError.field(at('site'), `no site "${siteText}" in the fleet (sites: ${ids.join(', ')})`);
    const time = parseUtc(timeText);
    if (time === undefined) throw new ParseError(`hour_start_utc must be a real UTC hour like 2024-08-20T22:00:00Z, got "${timeText}"`, { line, source });
    if (time % 3600 !== 0) throw ValidationError.field(at('hour_start_utc'), `${timeText} is not on the hour; events are whole UTC hours`);
    const cap = parseDecimal(capText);
    if (cap === undefined || cap < 0) throw new ParseError(`cap_mw must be a decimal number ≥ 0 (MW), got "${capText}"`, { line, source });
    const pay = parseDecimal(payText);
    if (pay === undefined || pay < 0) throw new ParseError(`payment_usd_per_mwh must be a decimal number ≥ 0 (USD/MWh), got "${payText}"`, { line, source });
    const siteCap = sites[site]!.cap_mw;
    if (cap > siteCap) throw ValidationError.field(at('cap_mw'), `${cap} MW is above site ${siteText}'s cap of ${siteCap} MW; an event can only lower the cap`);
    const key = `${site}@${time}`;
    const dup = seen.get(key);
    if (dup !== undefined)
      throw ValidationError.field(at('hour_start_utc'), `site ${siteText} has an event at ${timeText} on line ${dup} already; give one row per site-hour`);
    seen.set(key, line);
    const hour = (time - start_unix_s) / 3600;
    if (hour < 0 || hour >= hours) continue;
    events.push({ site, hour, cap_mw: cap, payment_usd_per_mwh: pay });
  }
  return events;
}
