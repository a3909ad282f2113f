#!/usr/bin/env node
import { createServices } from '../main.js';
import { runCli } from './run.js';

const services = createServices(process.env);
const code = await runCli(process.argv.slice(2), services, {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: process.stderr.isTTY === true,
  debug: process.env.HASHFLOOR_DEBUG === '1',
});
await services.close();
process.exitCode = code;
