/**
 * Composition root: the one place that reads the environment and the clock and wires adapters.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Services } from './services.js';

export interface Environment {
  HASHFLOOR_HOME?: string | undefined;
  XDG_DATA_HOME?: string | undefined;
  HASHFLOOR_API_TOKEN?: string | undefined;
}

/** The package's `data/` folder, wherever the code runs from (src/ under tsx, dist/ when built). */
export function embeddedDataDir(): string {
  return fileURLToPath(new URL('../data/', import.meta.url));
}

export function defaultUserDir(env: Environment): string {
  if (env.HASHFLOOR_HOME) return env.HASHFLOOR_HOME;
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'hashfloor');
}

export function createServices(env: Environment = process.env): Services {
  return {
    dataDir: embeddedDataDir(),
    userDir: defaultUserDir(env),
    nowUnixS: () => Math.floor(Date.now() / 1000),
    apiToken: env.HASHFLOOR_API_TOKEN || undefined,
  };
}
