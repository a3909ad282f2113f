/**
 * Exports of what the dashboard shows: CSV text from rows or from a table, and file downloads.
 * A table's CSV takes a header cell's `data-field` (the API's field name) and a cell's
 * `data-value` (the exact value behind its formatted text) where they are set, so the file holds
 * the API's names and numbers rather than "$1,234" strings; other cells go as shown, and cells
 * marked `data-csv="skip"` (drawings such as bars) not at all.
 */
import { el } from './format.js';

type Cell = string | number | null | undefined;
const csvCell = (v: Cell): string => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
export const csvLine = (cells: Cell[]): string => cells.map(csvCell).join(',');

export function download(name: string, href: string): void {
  const a = el('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

export function downloadText(name: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  download(name, url);
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A table's rows as CSV, header row first (see the file comment for data-field and data-value). */
export function tableCsv(table: HTMLTableElement): string {
  const text = (c: HTMLTableCellElement) => c.dataset.field ?? c.dataset.value ?? c.textContent?.trim() ?? '';
  const kept = (r: HTMLTableRowElement) => [...r.cells].filter((c) => c.dataset.csv !== 'skip');
  return [...table.rows].map((r) => csvLine(kept(r).map(text))).join('\n') + '\n';
}

/** A CSV button: `csv()` gives the file's text when clicked, so it holds what is shown then. */
export function csvButton(name: string, csv: () => string): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'tool', 'data-testid': `${name}-csv`, title: `download ${name}.csv` }, 'CSV');
  b.addEventListener('click', () => downloadText(`${name}.csv`, csv()));
  return b;
}

/** An export button for a table: the CSV holds the rows the table shows. */
export const tableExport = (table: HTMLTableElement, name: string): HTMLButtonElement => csvButton(name, () => tableCsv(table));

/** A table cell showing `text` whose CSV value is `value` (the API's number). */
export function valueCell(text: string, value: number | string | null | undefined, attrs: Record<string, string> = {}): HTMLTableCellElement {
  const td = el('td', attrs, text);
  td.dataset.value = value === null || value === undefined ? '' : String(value);
  return td;
}

/** A header cell showing `text` whose CSV column name is `field`. */
export function fieldHead(text: string, field: string): HTMLTableCellElement {
  const th = el('th', {}, text);
  th.dataset.field = field;
  return th;
}
