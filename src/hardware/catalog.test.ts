import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closestModelNames, findModel, levenshtein, lookupModel, parseCatalogCsv } from './catalog.js';
import { NotFoundError, ParseError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { hasStatedRelease } from './model.js';

const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));

describe('hardware catalog (data/asic_models.csv)', () => {
  it('holds the modern nominal table plus the older tables, ids unique', () => {
    expect(catalog.length).toBe(104);
    expect(new Set(catalog.map((m) => m.id)).size).toBe(catalog.length);
    expect(catalog.filter((m) => m.source === 'nominal')).toHaveLength(20);
    expect(catalog.filter((m) => m.source === 'sourced')).toHaveLength(4);
    expect(
      catalog
        .filter((m) => m.source === 'btcbess-8')
        .map((m) => m.model)
        .sort(),
    ).toEqual(['Whatsminer M30S+', 'Whatsminer M50']);
  });

  it('dates every model but the S21+ Hydro, whose release month no source states (0000-00)', () => {
    expect(catalog.filter((m) => !hasStatedRelease(m)).map((m) => [m.id, m.released])).toEqual([['antminer-s21plus-hydro', '0000-00']]);
  });

  it('computes efficiency from nameplate power and hashrate', () => {
    const xp = findModel(catalog, 'Antminer S21 XP');
    expect(xp.hashrate_ths).toBe(270);
    expect(xp.power_w).toBe(3645);
    expect(xp.efficiency_jth).toBeCloseTo(13.5, 10);
    expect(findModel(catalog, 'Antminer S9').efficiency_jth).toBeCloseTo(1323 / 13.5, 10); // 98.0 J/TH
  });

  it('resolves names ignoring case, punctuation and the brand word', () => {
    expect(lookupModel(catalog, 's21xp')?.id).toBe('antminer-s21-xp');
    expect(lookupModel(catalog, 'antminer-s19j-pro')?.model).toBe('Antminer S19j Pro');
    expect(lookupModel(catalog, 'M30S++')?.model).toBe('Whatsminer M30S++');
    expect(lookupModel(catalog, 'M30S+')?.model).toBe('Whatsminer M30S+');
  });

  it('suggests the closest names for an unknown model', () => {
    expect(closestModelNames(catalog, 'S21 XPP')).toContain('Antminer S21 XP');
    expect(() => findModel(catalog, 'Antminer S23')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }) as Error);
  });

  it('rejects a malformed row naming its line', () => {
    const bad = 'id,manufacturer,model,hashrate_ths,power_w,efficiency_jth,cooling,released,source\nx,B,X,-1,100,0,air,2024-01,nominal\n';
    expect(() => parseCatalogCsv(bad)).toThrow(expect.objectContaining({ code: 'PARSE', line: 2, source: 'asic_models.csv' }) as Error);
  });
});

describe('catalog parsing and matching: edges', () => {
  const HEADER = 'id,manufacturer,model,hashrate_ths,power_w,efficiency_jth,cooling,released,source';
  const ROW = 'x,Bitmain,Antminer X1,100,2000,20,air,2024-01,nominal';
  const parseErr = (text: string): { line?: number; source?: string } => {
    try {
      parseCatalogCsv(text, 'cat.csv');
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      return e as ParseError;
    }
    throw new Error('expected a ParseError');
  };

  it('reads a byte-order mark, CRLF line ends and blank lines', () => {
    const got = parseCatalogCsv(`\uFEFF${HEADER}\r\n${ROW}\r\n\r\n  \n${ROW.replace('x,', 'y,')}\n`);
    expect(got.map((m) => [m.id, m.hashrate_ths, m.power_w, m.efficiency_jth, m.cooling, m.released, m.source])).toEqual([
      ['x', 100, 2000, 20, 'air', '2024-01', 'nominal'],
      ['y', 100, 2000, 20, 'air', '2024-01', 'nominal'],
    ]);
  });

  it('drops a byte-order mark only as the first character: inside a field it is data', () => {
    const [m] = parseCatalogCsv(`${HEADER}\n${ROW.replace('Antminer X1', 'Antminer\uFEFFX1')}`);
    expect(m?.model).toBe('Antminer\uFEFFX1');
  });

  it('names the line of every kind of bad row, and line 1 for a wrong header', () => {
    expect(parseErr(`${HEADER},extra\n${ROW}`)).toMatchObject({ line: 1, source: 'cat.csv' });
    expect(parseErr('')).toMatchObject({ line: 1 });
    for (const bad of [
      `${ROW},1`,
      ROW.replace(',100,', ',0,'),
      ROW.replace(',2000,', ',abc,'),
      ROW.replace(',2000,', ',0,'),
      ROW.replace(',air,', ',oil,'),
      ROW.replace(',nominal', ',guess'),
      ROW.replace('2024-01', '2024-1'),
      ROW.replace('2024-01', '2024-01-15'),
      ROW.replace('2024-01', 'c2024-01'),
    ])
      expect(parseErr(`${HEADER}\n${ROW}\n${bad}`), bad).toMatchObject({ line: 3, source: 'cat.csv' });
  });

  it('matches a name by substring before edit distance, needing 2 characters for a substring', () => {
    const cat = parseCatalogCsv(
      [HEADER, ROW, 'z,MicroBT,Whatsminer M60S,186,3441,18.5,air,2024-01,nominal', 'w,MicroBT,Whatsminer M66S,298,5513,18.5,immersion,2024-01,nominal'].join(
        '\n',
      ),
    );
    expect(closestModelNames(cat, 'M6', 2)).toEqual(['Whatsminer M60S', 'Whatsminer M66S']);
    expect(closestModelNames(cat, 'X1', 1)).toEqual(['Antminer X1']);
    expect(closestModelNames(cat, 'Antminer X2', 1)).toEqual(['Antminer X1']); // one edit away
    expect(closestModelNames(cat, 'M60S', 3)[0]).toBe('Whatsminer M60S');
    // A 1-character query is no substring match: plain edit distance, ties by name.
    // 's' is in "m60s" and "m66s", but 1 edit from the ids "x", "z" and "w" alike: a tie, in name order.
    expect(closestModelNames(cat, 's', 3)).toEqual(['Antminer X1', 'Whatsminer M60S', 'Whatsminer M66S']);
    expect(lookupModel(cat, 'Bitmain Antminer X1')?.id).toBe('x'); // manufacturer + model
    expect(lookupModel(cat, 'X1')?.id).toBe('x'); // without the brand word
    expect(lookupModel(cat, 'AntminerX1 ')?.id).toBe('x');
    const e = catchAppError(() => findModel(cat, 'S99'));
    expect([e.code, (e as NotFoundError).path]).toEqual(['NOT_FOUND', 'model']);
  });

  it('drops the brand word only at the start of a name', () => {
    const cat = parseCatalogCsv(`${HEADER}\nc,Acme,Custom Antminer X9,100,2000,20,air,2024-01,user`);
    expect(lookupModel(cat, 'Custom Antminer X9')?.id).toBe('c');
    expect(lookupModel(cat, 'Custom X9')).toBeUndefined();
  });

  it('ranks suggestions by Levenshtein distance: kitten → sitting 3, flaw → lawn 2, to and from empty', () => {
    expect([levenshtein('kitten', 'sitting'), levenshtein('flaw', 'lawn'), levenshtein('', 'abc'), levenshtein('abc', '')]).toEqual([3, 2, 3, 3]);
    // A query missing characters of a longer name: "s9" → "s19pro" inserts 1, p, r, o.
    expect([levenshtein('s9', 's19pro'), levenshtein('s21xpp', 's21xp'), levenshtein('xxs19', 's19')]).toEqual([4, 1, 2]);
  });
});
