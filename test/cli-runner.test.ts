import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

describe('cli runner', () => {
  it('prints one JSON document with satoshis as strings', async () => {
    const r = await cli(['supply', '--height', '840000', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc.subsidy_sat).toBe('312500000');
    expect(doc.supply_sat).toBe('1968750312500000');
  });

  it.each([
    [['supply', '--height', '-1']],
    [['supply', '--height=-1']],
    [['supply', '--height', 'abc']],
    [['supply', '--heigth', '5']],
    [['supply']],
    [['nosuchcommand']],
  ])('exits 2 with one line and no stack trace for %j', async (argv) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hashfloor: error: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help listing the commands', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('supply');
  });
});
