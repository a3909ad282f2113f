/**
 * Every CLI command, loaded lazily. Add one line per command; keep the list sorted by path.
 */
import type { CommandEntry } from '../command.js';

export const registry: CommandEntry[] = [
  { path: ['serve'], summary: 'Serve the HTTP API and the dashboard', load: () => import('./serve.js') },
  { path: ['supply'], summary: 'Block subsidy and cumulative supply at a height', load: () => import('./supply.js') },
];
