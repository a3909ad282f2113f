/** Miner inventories: what an entry may hold (a credentials reference, never a secret) and the cross-checks. */
import { describe, expect, it } from 'vitest';
import { checkMinerRefs, fleetMinersSchema, minerEntrySchema, parseInventoryText, type MinerEntry } from './miner-inventory.js';

const paths = (r: { ok: boolean; errors?: { path: string }[] }): string[] => (r.ok ? [] : r.errors!.map((e) => e.path));

describe('parseInventoryText', () => {
  it('reads a scan’s file: port 4028 by default, credentials by reference', () => {
    const r = parseInventoryText(
      [
        'version: 1',
        'scanned_unix_s: 1733500000',
        'ranges: [10.0.0.0/30]',
        'miners:',
        '  - { host: 10.0.0.1, driver: luxos, credentials: { env: MINER_PASS, username: root } }',
        '  - { host: rig-2.local, port: 4029, site: west, lot: west-1, credentials: { file: /run/secrets/p } }',
      ].join('\n'),
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.miners.map((m) => [m.host, m.port, m.credentials])).toEqual([
      ['10.0.0.1', 4028, { env: 'MINER_PASS', username: 'root' }],
      ['rig-2.local', 4029, { file: '/run/secrets/p' }],
    ]);
  });

  it('names the field of a bad entry, a duplicate address, a version other than 1, and bad YAML', () => {
    expect(paths(parseInventoryText('version: 1\nminers:\n  - { host: "-bad" }\n'))).toEqual(['miners[0].host']);
    expect(paths(parseInventoryText('version: 1\nminers:\n  - { host: a, port: 0 }\n'))).toEqual(['miners[0].port']);
    expect(paths(parseInventoryText('version: 1\nminers:\n  - { host: a, password: x }\n'))).toEqual(['miners[0]']);
    expect(paths(parseInventoryText('version: 1\nminers:\n  - { host: a, credentials: { env: 1BAD } }\n'))).toEqual(['miners[0].credentials.env']);
    expect(paths(parseInventoryText('version: 1\nminers:\n  - { host: a }\n  - { host: b }\n  - { host: a, port: 4028 }\n'))).toEqual(['miners[2].host']);
    expect(paths(parseInventoryText('version: 2\nminers: []\n'))).toEqual(['version']);
    expect(paths(parseInventoryText('version: [\n'))[0]).toMatch(/^\(line/);
  });
});

describe('checkMinerRefs against a fleet', () => {
  const fleet = { siteIds: ['west', 'east'], lots: [{ id: 'west-1', site: 'west' }] };
  const entry = (m: Partial<MinerEntry>): MinerEntry => ({ host: '10.0.0.1', port: 4028, ...m });

  it('a lot and a site must exist, and agree', () => {
    expect(checkMinerRefs([entry({ lot: 'west-1', site: 'west' }), entry({ host: 'b', site: 'east' })], fleet)).toEqual([]);
    expect(checkMinerRefs([entry({ lot: 'west-9' })], fleet).map((i) => i.path)).toEqual(['miners[0].lot']);
    expect(checkMinerRefs([entry({ site: 'north' })], fleet, 'spec.miners').map((i) => i.path)).toEqual(['spec.miners[0].site']);
    expect(checkMinerRefs([entry({ lot: 'west-1', site: 'east' })], fleet).map((i) => i.path)).toEqual(['miners[0].site']);
    // A lot without a site is placed by its lot: nothing to contradict.
    expect(checkMinerRefs([entry({ lot: 'west-1' })], fleet)).toEqual([]);
    // Without a fleet only duplicates are checked.
    expect(checkMinerRefs([entry({ lot: 'nowhere' }), entry({ port: 4029 })], null)).toEqual([]);
  });
});

describe('a fleet spec’s miners key', () => {
  it('holds entries or includes a file, with default credentials', () => {
    expect(fleetMinersSchema.safeParse([{ host: 'a' }]).success).toBe(true);
    expect(fleetMinersSchema.safeParse({ include: 'miners.yaml', credentials: { env: 'P' } }).success).toBe(true);
    expect(fleetMinersSchema.safeParse({ include: '' }).success).toBe(false);
    expect(minerEntrySchema.safeParse({ host: 'a', port: 65535 }).success).toBe(true);
    expect(minerEntrySchema.safeParse({ host: 'a', port: 65536 }).success).toBe(false);
    expect(minerEntrySchema.safeParse({ host: 'a', credentials: { env: 'P', username: '' } }).success).toBe(false);
    expect(minerEntrySchema.safeParse({ host: 'a', credentials: { env: 'P', username: 'u'.repeat(65) } }).success).toBe(false);
  });
});
