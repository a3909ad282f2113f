/**
 * Reads the cell values of an xlsx workbook (a zip of XML parts, read with zip.ts): sheet names
 * from `xl/workbook.xml` and its relationships, strings from `xl/sharedStrings.xml`, cells from
 * `xl/worksheets/*.xml`. Only values: shared strings, inline strings, formula string results,
 * numbers and booleans; styles, formulas and dates-as-formats are ignored, so a date cell comes
 * back as its Excel serial number (or its text when the writer stored text).
 */
import { ParseError } from '../../errors.js';
import { readZip, type ZipEntry } from './zip.js';

export type CellValue = string | number | null;

export interface Sheet {
  name: string;
  /** Rows in sheet order; row[c] is column c (A = 0); missing cells are null. */
  rows(): CellValue[][];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML character data with its five named entities and numeric references resolved. */
export function xmlText(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? m;
  });
}

const attr = (attrs: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];

/** The text of every <t> in a fragment, joined (a rich-text string is several runs). */
const runsText = (xml: string): string => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => xmlText(m[1] ?? '')).join('');

/** Column index of a cell reference like `AB12` (A = 0). */
function columnOf(ref: string): number {
  let c = 0;
  for (const ch of ref) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    c = c * 26 + (code - 64);
  }
  return c - 1;
}

/** The sheets of an xlsx workbook, in workbook order. */
export function readXlsx(bytes: Uint8Array, source: string): Sheet[] {
  const entries = new Map<string, ZipEntry>(readZip(bytes, source).map((e) => [e.name, e]));
  const text = (name: string): string | undefined => entries.get(name)?.read().toString('utf8');
  const workbook = text('xl/workbook.xml');
  if (workbook === undefined) throw new ParseError('no xl/workbook.xml (not an xlsx workbook)', { source });
  const rels = new Map<string, string>();
  for (const m of (text('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b([^>]*)\/?>/g)) {
    const id = attr(m[1] ?? '', 'Id');
    const target = attr(m[1] ?? '', 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const strings = [...(text('xl/sharedStrings.xml') ?? '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => runsText(m[1] ?? ''));
  const sheets = [...workbook.matchAll(/<sheet\b([^>]*)\/?>/g)].map((m, i) => {
    const a = m[1] ?? '';
    const rid = attr(a, 'r:id');
    return { name: xmlText(attr(a, 'name') ?? `Sheet${i + 1}`), path: (rid && rels.get(rid)) ?? `xl/worksheets/sheet${i + 1}.xml` };
  });
  return sheets.map(({ name, path }) => ({
    name,
    rows() {
      const xml = text(path);
      if (xml === undefined) throw new ParseError(`sheet "${name}" has no part ${path}`, { source });
      return parseSheet(xml, strings, `${source} sheet "${name}"`);
    },
  }));
}

function parseSheet(xml: string, strings: readonly string[], source: string): CellValue[][] {
  const rows: CellValue[][] = [];
  for (const rm of xml.matchAll(/<row\b[^>]*?(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const row: CellValue[] = [];
    let next = 0;
    for (const cm of (rm[1] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[1] ?? '';
      const body = cm[2] ?? '';
      const ref = attr(attrs, 'r');
      const col = ref ? columnOf(ref) : next;
      next = col + 1;
      const type = attr(attrs, 't') ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: CellValue = null;
      if (type === 'inlineStr') value = runsText(/<is>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '');
      else if (v === undefined) value = null;
      else if (type === 's') {
        const s = strings[Number(v)];
        if (s === undefined) throw new ParseError(`cell ${ref ?? '?'} refers to shared string ${v}, which does not exist`, { source, line: rows.length + 1 });
        value = s;
      } else if (type === 'str' || type === 'e') value = xmlText(v);
      else if (type === 'b') value = v === '1' ? 1 : 0;
      else {
        const n = Number(v);
        if (v.trim() === '' || !Number.isFinite(n))
          throw new ParseError(`cell ${ref ?? '?'} should hold a number, got "${v}"`, { source, line: rows.length + 1 });
        value = n;
      }
      while (row.length < col) row.push(null);
      row[col] = value;
    }
    rows.push(row);
  }
  return rows;
}
