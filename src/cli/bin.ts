#!/usr/bin/env node
import { createServices } from '../main.js';
import { runCli } from './run.js';
import { closedPipeGuard } from './closed-pipe.js';

const stdout = closedPipeGuard(process.stdout);
const stderr = closedPipeGuard(process.stderr);
const services = createServices(process.env);
const code = await runCli(process.argv.slice(2), services, {
  stdout,
  stderr,
  stderrIsTTY: process.stderr.isTTY === true,
  debug: process.env.HASHFLOOR_DEBUG === '1',
});
await services.close();
process.exitCode = code;
