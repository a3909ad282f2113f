import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('a reader that closes the pipe early', () => {
  it('ends the CLI quietly with its own exit code, no EPIPE stack trace (hashprice --json | head -c 100)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hf-pipe-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bin.ts', 'hashprice', '--json'], {
      env: { ...process.env, HASHFLOOR_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    // Read the first chunk of the 5 MB document, then close the read end, as `head` does.
    const first = await new Promise<string>((resolve) => child.stdout.once('data', (b: Buffer) => resolve(b.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(first.startsWith('{')).toBe(true);
    expect(stderr).not.toMatch(/EPIPE|Error|at /);
    expect(code).toBe(0);
  }, 60_000);
});
