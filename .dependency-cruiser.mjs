/**
 * The architecture contract, checked by dependency-cruiser in `npm test`
 * (test/architecture/architecture.test.ts; `npm run arch` prints the same report).
 * Dependencies flow one way: the pure core (units → chain, hardware → history → economics →
 * dispatch, valuation) ← ports ← config ← adapters; app/ uses the core, config, ports and adapters;
 * the CLI and the API use app/ and never each other; main.ts wires adapters; web/ talks to the
 * API over HTTP only. Test files (*.test.ts) may import across layers to exercise them.
 * Folder-level cycles are checked by the test itself (dependency-cruiser checks module cycles).
 */
const CORE = '^src/(units|chain|hardware|history|economics|dispatch|valuation)/';
const CORE_OR_ERRORS = '^src/((units|chain|hardware|history|economics|dispatch|valuation)/|errors[.]ts$)';

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
export const forbidden = [
  {
    name: 'core-imports-outside-core',
    comment: 'The core (units, chain, hardware, history, economics, dispatch, valuation) is pure: it imports only the core, errors.ts and ports/.',
    severity: 'error',
    from: { path: CORE, pathNot: '[.]test[.]ts$' },
    to: { pathNot: ['^src/((units|chain|hardware|history|economics|dispatch|valuation|ports)/|errors[.]ts$)', '^(node:)?crypto$'] },
  },
  {
    name: 'core-uses-node-builtins',
    comment: 'No node:fs, process, net or worker threads in the core: time, randomness and data come in as arguments.',
    severity: 'error',
    from: { path: CORE_OR_ERRORS, pathNot: '[.]test[.]ts$' },
    // node:crypto is allowed for its pure hash functions (SHA-256 of headers); nothing else.
    to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
  },
  ...[
    ['units', '(chain|hardware|history|economics|dispatch|valuation)'],
    ['chain', '(hardware|history|economics|dispatch|valuation)'],
    ['hardware', '(chain|history|economics|dispatch|valuation)'],
    ['history', '(economics|dispatch|valuation)'],
    ['economics', '(dispatch|valuation)'],
    ['dispatch', '(valuation)'],
    ['valuation', '(dispatch)'],
  ].map(([from, to]) => ({
    name: `core-order-${from}`,
    comment: `src/${from}/ must not import src/${to.replace(/[()]/g, '').split('|').join(', ')}/ (the core's direction).`,
    severity: 'error',
    from: { path: `^src/${from}/`, pathNot: '[.]test[.]ts$' },
    to: { path: `^src/${to}/` },
  })),
  {
    name: 'ports-import-outside-core',
    comment: 'Ports are interfaces over core types: they import only the core and other ports.',
    severity: 'error',
    from: { path: '^src/ports/' },
    to: { pathNot: ['^src/((units|chain|hardware|history|economics|dispatch|valuation|ports)/|errors[.]ts$)'] },
  },
  {
    name: 'config-imports-edges',
    comment: "config/ parses into the core's types; it never reaches adapters, app/ or the edges.",
    severity: 'error',
    from: { path: '^src/config/', pathNot: '[.]test[.]ts$' },
    to: { path: '^src/(adapters|app|cli|api)/|^src/main[.]ts$' },
  },
  {
    name: 'adapters-import-app-or-edges',
    comment: 'Adapters implement ports; they never import app/, the CLI, the API or main.ts.',
    severity: 'error',
    from: { path: '^src/adapters/', pathNot: '[.]test[.]ts$' },
    to: { path: '^src/(app|cli|api)/|^src/main[.]ts$' },
  },
  {
    name: 'app-imports-edges',
    comment: 'app/ is called by the edges and never calls them back.',
    severity: 'error',
    from: { path: '^src/app/', pathNot: '[.]test[.]ts$' },
    to: { path: '^src/(cli|api)/|^src/main[.]ts$' },
  },
  {
    name: 'cli-imports-api',
    comment: 'The CLI and the API both call app/; the CLI starts the server through services (wired in main.ts).',
    severity: 'error',
    from: { path: '^src/cli/' },
    to: { path: '^src/api/' },
  },
  {
    name: 'api-imports-cli',
    comment: 'The API never imports the CLI.',
    severity: 'error',
    from: { path: '^src/api/' },
    to: { path: '^src/cli/' },
  },
  {
    name: 'edges-import-main',
    comment: 'Only the process entry (cli/bin.ts) imports the composition root.',
    severity: 'error',
    from: { path: '^src/(cli|api)/', pathNot: '^src/cli/bin[.]ts$' },
    to: { path: '^src/main[.]ts$' },
  },
  {
    name: 'web-imports-src',
    comment: 'The dashboard talks to the API over HTTP only.',
    severity: 'error',
    from: { path: '^web/' },
    to: { path: '^src/' },
  },
  {
    name: 'no-module-cycles',
    comment: 'No import cycle between modules.',
    severity: 'error',
    from: { pathNot: '[.]test[.]ts$' },
    to: { circular: true },
  },
  {
    name: 'not-to-unresolvable',
    comment: 'Every import resolves (a moved file left a stale path).',
    severity: 'error',
    from: {},
    to: { couldNotResolve: true },
  },
];

export default {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
