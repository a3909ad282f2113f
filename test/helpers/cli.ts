import { runCli } from '../../src/cli/run.js';
import { createServices, type Environment, type ServiceOverrides } from '../../src/main.js';

/** Runs the CLI in-process and captures what it prints. The store defaults to a throwaway in-memory one. */
export async function cli(
  argv: string[],
  env: Environment = { HASHFLOOR_HOME: '/nonexistent/hashfloor-test', HASHFLOOR_DB: ':memory:' },
  /** As if stderr were a terminal (progress bars drawn). */
  stderrIsTTY = false,
  /** A fixed clock and the like (src/main.ts ServiceOverrides). */
  overrides: ServiceOverrides = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const services = createServices(env, overrides);
  const code = await runCli(argv, services, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stderrIsTTY,
  });
  await services.close();
  return { code, stdout, stderr };
}
