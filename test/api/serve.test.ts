import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Starts `hashfloor serve` in a child process and resolves with the first lines it prints. */
function serve(args: string[], env: Record<string, string> = {}): Promise<{ lines: string[]; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'serve', ...args], {
    cwd: root,
    env: { ...process.env, HASHFLOOR_HOME: '/nonexistent/hashfloor-test', ...env },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        resolve({
          lines: out.trim().split('\n'),
          stop: () =>
            new Promise((done) => {
              child.once('exit', (code) => done(code));
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
}

describe('hashfloor serve', () => {
  it('prints its URL and answers on it, then stops cleanly on SIGTERM', async () => {
    const s = await serve(['--port', '0']);
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(s.lines[0] ?? '')?.[0];
    expect(url).toBeDefined();
    const res = await fetch(`${url}api/v1/supply?height=0`);
    expect(res.status).toBe(200);
    expect(await s.stop()).toBe(0);
  });

  it('generates and prints a write token when binding a non-loopback address', async () => {
    const s = await serve(['--host', '0.0.0.0', '--port', '0']);
    expect(s.lines.join('\n')).toMatch(/Authorization: Bearer [A-Za-z0-9_-]{20,}/);
    await s.stop();
  });

  it('rejects a bad port with exit 2', async () => {
    await expect(serve(['--port', 'x'])).rejects.toThrow(/exited 2.*--port/s);
    await expect(serve(['--port', '0', '--client-rate-per-s', '-1'])).rejects.toThrow(/exited 2.*--client-rate-per-s/s);
  });
});
