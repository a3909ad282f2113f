import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closestModelNames, findModel, lookupModel, parseCatalogCsv } from './catalog.js';

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
    expect(() => parseCatalogCsv(bad)).toThrow(expect.objectContaining({ code: 'PARSE', line: 2 }) as Error);
  });
});
