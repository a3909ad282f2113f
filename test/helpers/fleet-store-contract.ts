/**
 * The fleet-spec part of the Store contract (test/store-contract.test.ts runs it against SQLite
 * and PostgreSQL): specs read back byte for byte, ids are unique, listing is by upload time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../../src/errors.js';
import type { Store, StoredFleetSpec } from '../../src/ports/store.js';

const EXAMPLE = readFileSync(new URL('../../examples/fleet.yaml', import.meta.url), 'utf8');

export function fleetContract(fresh: () => Promise<Store>): void {
  describe('fleet specs', () => {
    const spec = (id: string, uploaded_unix_s: number, over: Partial<StoredFleetSpec> = {}): StoredFleetSpec => ({
      id,
      name: 'Example Mining Corp',
      spec_format: 'yaml',
      spec_text: EXAMPLE,
      uploaded_unix_s,
      ...over,
    });

    it('round-trip the uploaded text exactly (unicode, quotes, newlines), listed by upload time', async () => {
      const store = await fresh();
      const json = spec('fleet-b', 1_764_000_000, {
        name: 'Zürich “Hashworks”',
        spec_format: 'json',
        spec_text: '{"company":{"name":"Zürich “Hashworks”"},\n"note":"it\'s; DROP TABLE fleets; --"}',
      });
      await store.saveFleet(spec('fleet-c', 1_764_000_500));
      await store.saveFleet(json);
      await store.saveFleet(spec('fleet-a', 1_764_000_000));
      expect((await store.listFleets()).map((f) => f.id)).toEqual(['fleet-a', 'fleet-b', 'fleet-c']);
      expect(await store.getFleet('fleet-b')).toEqual(json);
      expect((await store.getFleet('fleet-c'))?.spec_text).toBe(EXAMPLE);
      expect(await store.getFleet('fleet-x')).toBeNull();
    });

    it('refuse a taken id and keep the first', async () => {
      const store = await fresh();
      await store.saveFleet(spec('fleet-1', 1));
      const err = await store.saveFleet(spec('fleet-1', 2, { name: 'Other' })).then(
        () => undefined,
        (e: unknown) => e as AppError,
      );
      expect(err?.code).toBe('CONFLICT');
      expect((await store.getFleet('fleet-1'))?.name).toBe('Example Mining Corp');
    });

    it('delete one fleet, reporting whether it existed', async () => {
      const store = await fresh();
      await store.saveFleet(spec('fleet-1', 1));
      await store.saveFleet(spec('fleet-2', 2));
      expect(await store.deleteFleet('fleet-1')).toBe(true);
      expect(await store.deleteFleet('fleet-1')).toBe(false);
      expect((await store.listFleets()).map((f) => f.id)).toEqual(['fleet-2']);
    });

    it('name a bad field and write nothing', async () => {
      const store = await fresh();
      const err = await store.saveFleet(spec('', -1, { spec_format: 'toml' as 'yaml' })).then(
        () => undefined,
        (e: unknown) => e as AppError & { issues: { path: string }[] },
      );
      expect(err?.code).toBe('VALIDATION');
      expect(err?.issues.map((i) => i.path)).toEqual(['id', 'spec_format', 'uploaded_unix_s']);
      expect(await store.listFleets()).toEqual([]);
    });
  });
}
