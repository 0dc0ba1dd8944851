import { afterAll, beforeAll, vi } from "vitest";

// Set-up file of the test files that share worker processes (vitest.config.ts, `isolate: false`): a file that
// leaves the process changed would change the files after it, so each file must leave process.env, the working
// directory and the clock as it found them. This fails the file that does not, naming what it left behind.

let env: Record<string, string | undefined> = {};
let cwd = "";

beforeAll(() => {
  env = { ...process.env };
  cwd = process.cwd();
});

afterAll(() => {
  const keys = new Set([...Object.keys(env), ...Object.keys(process.env)]);
  const changed = [...keys].filter((key) => env[key] !== process.env[key]).sort();
  const left: string[] = [];
  if (changed.length > 0) left.push(`process.env changed (${changed.join(", ")}): restore it, e.g. with vi.unstubAllEnvs()`);
  if (process.cwd() !== cwd) left.push(`the working directory changed to ${process.cwd()}`);
  if (vi.isFakeTimers()) left.push("fake timers on: call vi.useRealTimers()");
  if (left.length > 0) throw new Error(`this test file shares its process with others and left ${left.join("; ")} (or list it under ISOLATED in vitest.config.ts)`);
});
