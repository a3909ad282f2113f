/** Issue #17 item 6: PostgreSQL URLs the driver would misread are refused up front, naming --db (exit 2). */
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

describe('--db postgres:// URL checks', () => {
  it.each([
    ['postgres://u@127.0.0.1:99999/hf', 'port "99999"'],
    ['postgres://u@127.0.0.1:abc/hf', 'port "abc"'],
    ['postgres://u@127.0.0.1:5432', 'names no database'],
    ['postgres://u@127.0.0.1:5432/', 'names no database'],
    ['postgres://u@127.0.0.1:5432/hf?sslmode=bogus', 'sslmode "bogus"'],
  ])('%s → exit 2: %s', async (url, says) => {
    const r = await cli(['network', '--db', url]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--db');
    expect(r.stderr).toContain(says);
  });
});
