import { runCli } from '../../src/cli/run.js';
import { createServices, type Environment } from '../../src/main.js';

/** Runs the CLI in-process and captures what it prints. */
export async function cli(argv: string[], env: Environment = { HASHFLOOR_HOME: '/nonexistent/hashfloor-test' }): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, createServices(env), {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

