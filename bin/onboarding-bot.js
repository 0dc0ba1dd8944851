#!/usr/bin/env node
import { main } from "../lib/cli/main.js";

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
});
process.exitCode = code;
// `serve` has shut down cleanly by now; timers other libraries left behind must not keep the process alive.
if (process.argv[2] === "serve") process.exit(code);
