/**
 * Uploaded fleet specs (the API's `POST /api/v1/fleets`), kept as the text the client sent (YAML
 * or JSON) so a fleet reads back exactly as uploaded and is re-validated against the catalog of
 * the hashfloor that reads it. `name` is the spec's company name, for listings.
 */
import type { Migration } from './migration.js';

export const migration: Migration = {
  version: 3,
  name: 'fleets',
  up: (d) => [
    `CREATE TABLE fleets (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
      name TEXT NOT NULL,
      spec_format TEXT NOT NULL CHECK (spec_format IN ('yaml', 'json')),
      spec_text TEXT NOT NULL CHECK (length(spec_text) > 0),
      uploaded_unix_s ${d.int64} NOT NULL CHECK (uploaded_unix_s >= 0)
    )`,
    `CREATE INDEX fleets_by_upload ON fleets (uploaded_unix_s, id)`,
  ],
};
