import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Gives a builder the bytes of one public input, by its name under the inputs folder. The runner
 * passes the bytes it has already hashed, so a builder never reads a file that was not checked.
 */
export type ReadInput = (name: string) => Buffer;

/** What one builder produced: file name in data/ → exact content, and one line for the progress log. */
export interface BuildResult {
  files: ReadonlyMap<string, string | Buffer>;
  summary: string;
}

export interface Builder {
  name: string;
  /** The module holding the build function, as named in the outputs table of data/SOURCES.md. */
  script: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /**
   * `sourcesMd` is the text of data/SOURCES.md, the one hand-made file of data/: a builder whose facts
   * were gathered by hand (each row with its source) reads them from a table there, so the record a
   * reader checks and the figures the build writes are the same cells.
   */
  build(read: ReadInput, sourcesMd: string): BuildResult;
}

/** Reads straight from a folder, unchecked: for calling one builder by hand. */
export function readInputsFrom(dir: string): ReadInput {
  return (name) => readFileSync(join(dir, name));
}
