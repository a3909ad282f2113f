import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI_DOCS_PATH, loadCommandSpecs, renderCliDocs } from '../../scripts/build-cli-docs.js';
import type { CommandSpec } from '../../src/cli/command.js';

describe('docs/cli.md', () => {
  it('is what scripts/build-cli-docs.ts renders from the command specs', async () => {
    const expected = renderCliDocs(await loadCommandSpecs());
    const actual = readFileSync(CLI_DOCS_PATH, 'utf8');
    // A bare toBe would print a 500-line diff and no remedy; say what to run first.
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const line = e.findIndex((l, i) => l !== a[i]);
      expect.fail(`docs/cli.md is out of date with the command specs (first difference at line ${line + 1}: "${e[line] ?? ''}"); run \`npm run docs:cli\` and commit the result`);
    }
  });

  it('documents every command, its options and its help text', async () => {
    const specs = await loadCommandSpecs();
    const md = renderCliDocs(specs);
    for (const s of specs) {
      expect(md).toContain(`## hashfloor ${s.path.join(' ')}\n`);
      for (const name of Object.keys(s.options)) expect(md).toContain(`\`--${name}`);
      if (s.help) expect(md).toContain(s.help);
    }
  });

  it('does not depend on the order the specs arrive in', async () => {
    const specs = await loadCommandSpecs();
    expect(renderCliDocs([...specs].reverse())).toBe(renderCliDocs(specs));
  });

  it('escapes pipes inside table cells', () => {
    const spec: CommandSpec = {
      path: ['x'],
      summary: 'a | b',
      options: { by: { type: 'string', value: 'month|quarter', description: 'one | two' } },
      run: () => ({ json: null }),
    };
    const md = renderCliDocs([spec]);
    expect(md).toContain('| `--by month\\|quarter` | one \\| two |');
    expect(md).toContain('| [`x`](#hashfloor-x) | a \\| b |');
  });
});
