import { describe, expect, it } from 'vitest';
import { buildAsicCatalog, SOURCED_COLUMNS } from '../../scripts/build-asic-catalog.js';

const HEADER = 'manufacturer,model,hashrate_ths,power_w,efficiency_jth,cooling,released\n';
const read = (): Buffer => Buffer.from(HEADER);

function sources(...rows: string[]): string {
  return [
    '<!-- asic-sourced:begin -->',
    `| ${SOURCED_COLUMNS.join(' | ')} |`,
    `|${SOURCED_COLUMNS.map(() => '---').join('|')}|`,
    ...rows,
    '<!-- asic-sourced:end -->',
  ].join('\n');
}

describe('buildAsicCatalog: the sourced table of data/SOURCES.md', () => {
  it('writes each row with its figures, efficiency recomputed, and an unstated month as 0000-00', () => {
    const csv = buildAsicCatalog(
      read,
      sources('| Bitmain | Antminer T21 | 190 | 3610 | air | 2024-03 | listing | a shop | 2026-12-07 |', '| Bitmain | Antminer S21+ Hydro | 319 | 4785 | hydro | — | listing | a shop | 2026-12-07 |'),
    ).files.get('asic_models.csv');
    expect(String(csv).trim().split('\n').slice(1)).toEqual([
      'antminer-t21,Bitmain,Antminer T21,190,3610,19.0,air,2024-03,sourced',
      'antminer-s21plus-hydro,Bitmain,Antminer S21+ Hydro,319,4785,15.0,hydro,0000-00,sourced',
    ]);
  });

  it('fails the build on a row without the date it was read, naming the row', () => {
    expect(() => buildAsicCatalog(read, sources('| Bitmain | Antminer T21 | 190 | 3610 | air | 2024-03 | listing | a shop | yesterday |'))).toThrow(
      'asic-sourced table row 1 (Antminer T21): needs a source and the date it was read (YYYY-MM-DD)',
    );
  });

  it('fails the build on an unknown cooling', () => {
    expect(() => buildAsicCatalog(read, sources('| Bitmain | Antminer T21 | 190 | 3610 | oil | 2024-03 | listing | a shop | 2026-12-07 |'))).toThrow(/cooling must be one of/);
  });
});
