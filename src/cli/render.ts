/**
 * Renders a CommandOutput for people (aligned tables), for scripts (one JSON document) or for
 * spreadsheets (CSV of the first table). Pure: returns strings, writes nothing.
 */
import { stringifyJson } from '../app/json.js';
import type { Column, CommandOutput, Table } from './command.js';
import { formatEnUs } from '../units/en-us-number.js';

/** JSON for scripts, indented: bigint as decimal strings, no NaN/Infinity (app/json.ts). */
export function toJson(value: unknown): string {
  return stringifyJson(value, 2);
}

/** Plain text of any cell value: strings as they are, bigints exact, objects as JSON. */
function scalarText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v.toString();
  if (v === null || v === undefined) return '';
  return JSON.stringify(v) ?? '';
}

function cellText(col: Column, row: Record<string, unknown>): string {
  const v = row[col.key];
  if (col.format) return col.format(v, row);
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? formatEnUs(v) : formatEnUs(v, { maximumFractionDigits: 2 });
  if (typeof v === 'bigint') return formatEnUs(v);
  return scalarText(v);
}

export function renderTable(table: Table): string {
  const head = table.columns.map((c) => c.header);
  const body = table.rows.map((r) => table.columns.map((c) => cellText(c, r)));
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        const right = (table.columns[i]?.align ?? 'right') === 'right';
        return right ? cell.padStart(w) : cell.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const out: string[] = [];
  if (table.title) out.push(table.title);
  out.push(line(head), widths.map((w) => '─'.repeat(w)).join('  '));
  for (const b of body) out.push(line(b));
  return out.join('\n');
}

function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = scalarText(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function renderCsv(table: Table): string {
  const lines = [table.columns.map((c) => csvField(c.key)).join(',')];
  for (const r of table.rows) lines.push(table.columns.map((c) => csvField(r[c.key])).join(','));
  return lines.join('\n');
}

export function renderForPeople(out: CommandOutput): string {
  const parts: string[] = [];
  if (out.summary?.length) parts.push(out.summary.join('\n'));
  for (const t of out.tables ?? []) parts.push(renderTable(t));
  if (out.notes?.length) parts.push(out.notes.join('\n'));
  if (parts.length === 0) parts.push(toJson(out.json));
  return parts.join('\n\n');
}
