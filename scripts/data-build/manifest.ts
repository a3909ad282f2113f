/**
 * The machine-readable part of data/SOURCES.md: two markdown tables between HTML-comment markers,
 * so the prose around them stays free and a reader sees the same table the build checks.
 *   <!-- inputs:begin -->  | file | origin | licence | sha256 |        <!-- inputs:end -->
 *   <!-- outputs:begin --> | file | sha256 | builder | inputs |        <!-- outputs:end -->
 * File names and hashes may be wrapped in backticks; `inputs` lists names separated by commas.
 */

export interface InputEntry {
  file: string;
  origin: string;
  licence: string;
  sha256: string;
}

export interface OutputEntry {
  file: string;
  sha256: string;
  builder: string;
  inputs: string[];
}

export interface Manifest {
  inputs: InputEntry[];
  outputs: OutputEntry[];
}

const SHA256_RE = /^[0-9a-f]{64}$/;

const unquote = (cell: string): string => cell.trim().replace(/^`(.*)`$/, '$1');

/** Rows of the table between the markers, header and separator dropped, as trimmed cells. */
export function tableRows(text: string, section: string, columns: readonly string[]): string[][] {
  const begin = `<!-- ${section}:begin -->`;
  const end = `<!-- ${section}:end -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`no ${begin} … ${end} section`);
  const lines = text
    .slice(from + begin.length, to)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('|'));
  const cellsOf = (line: string): string[] =>
    line
      .replace(/^\|/, '')
      .replace(/\|$/, '')
      .split('|')
      .map((c) => c.trim());
  const header = cellsOf(lines[0] ?? '');
  if (header.join('|') !== columns.join('|')) throw new Error(`${section} table: columns must be | ${columns.join(' | ')} |, found | ${header.join(' | ')} |`);
  return lines.slice(2).map((line, i) => {
    const cells = cellsOf(line);
    if (cells.length !== columns.length) throw new Error(`${section} table row ${i + 1}: ${cells.length} cells, expected ${columns.length}`);
    return cells;
  });
}

function checkedHash(section: string, file: string, cell: string): string {
  const hash = unquote(cell);
  if (!SHA256_RE.test(hash)) throw new Error(`${section} table, ${file}: sha256 must be 64 lower-case hex digits, found "${hash}"`);
  return hash;
}

function uniqueByFile<T extends { file: string }>(section: string, entries: T[]): T[] {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.file)) throw new Error(`${section} table: ${e.file} listed twice`);
    seen.add(e.file);
  }
  return entries;
}

/** Throws an Error whose message names the table and row at fault. */
export function parseManifest(sourcesMd: string): Manifest {
  const inputs = tableRows(sourcesMd, 'inputs', ['file', 'origin', 'licence', 'sha256']).map(([file = '', origin = '', licence = '', hash = '']) => {
    const name = unquote(file);
    return { file: name, origin, licence, sha256: checkedHash('inputs', name, hash) };
  });
  const outputs = tableRows(sourcesMd, 'outputs', ['file', 'sha256', 'builder', 'inputs']).map(([file = '', hash = '', builder = '', used = '']) => {
    const name = unquote(file);
    return {
      file: name,
      sha256: checkedHash('outputs', name, hash),
      builder: unquote(builder),
      inputs: used
        .split(',')
        .map(unquote)
        .filter((s) => s !== ''),
    };
  });
  return { inputs: uniqueByFile('inputs', inputs), outputs: uniqueByFile('outputs', outputs) };
}
