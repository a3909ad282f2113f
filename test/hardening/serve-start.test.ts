/**
 * Issue #17 items 6 and 9: serve's start-up failures say which flag to change (exit 2, not an
 * internal error), an empty token is refused rather than locking every write, the token can come
 * from a file or $HASHFLOOR_TOKEN (not the process list), and a slow sender is cut off.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listenError, startServer } from '../../src/api/server.js';
import { createServices } from '../../src/main.js';
import { cli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hashfloor-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve start-up', () => {
  it('a port in use is exit 2 naming --port', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = await cli(['serve', '--port', String(port)]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('--port');
      expect(r.stderr).toContain('already in use');
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });

  it('an address not on this machine is exit 2 naming --host', async () => {
    const r = await cli(['serve', '--host', '192.0.2.1', '--port', '0', '--token', 't']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('--host');
  });

  it('a host name that does not resolve names --host (mapped without a lookup: tests stay on loopback)', () => {
    const err = listenError(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere'), { code: 'ENOTFOUND' }), { host: 'nowhere', port: 8080 });
    expect(err).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'host' }] });
  });

  it('refuses an empty --token or token file instead of locking writes silently', async () => {
    const empty = join(dir, 'empty-token');
    writeFileSync(empty, '\n');
    for (const argv of [
      ['serve', '--token', ''],
      ['serve', '--token-file', empty],
    ]) {
      const r = await cli(argv);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('empty');
    }
    const missing = await cli(['serve', '--token-file', join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--token-file');
  });

  it('takes $HASHFLOOR_TOKEN', () => {
    expect(createServices({ HASHFLOOR_TOKEN: 's3cret' }).apiToken).toBe('s3cret');
  });

  it('closes a connection whose body trickles past the request timeout', async () => {
    const server = await startServer(
      { ...createServices({ HASHFLOOR_HOME: dir }), nowUnixS: () => 1_764_000_000 },
      { host: '127.0.0.1', port: 0, db: ':memory:', requestTimeoutMs: 500 },
    );
    try {
      const sock = connect(server.port, '127.0.0.1');
      sock.on('error', () => undefined);
      sock.write('POST /api/v1/import/daily HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\nContent-Length: 1000\r\n\r\nd');
      const t0 = performance.now();
      let answer = '';
      sock.on('data', (d: Buffer) => (answer += d.toString()));
      await new Promise<void>((resolve) => {
        sock.on('close', () => resolve());
        setTimeout(() => sock.destroy(), 10_000);
      });
      expect(performance.now() - t0).toBeLessThan(5000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await server.close();
    }
  });
});
