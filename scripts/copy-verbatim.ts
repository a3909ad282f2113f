/**
 * Files of data/ that are public files as they are: copied byte for byte, so the input's hash
 * (checked before any builder runs) is also the output's.
 */
import type { BuildResult, ReadInput } from './data-build/builder.js';

export function copyVerbatim(input: string, output: string): (read: ReadInput) => BuildResult {
  return (read) => {
    const bytes = read(input);
    return { files: new Map([[output, bytes]]), summary: `copy of ${input} (${bytes.length} bytes)` };
  };
}
