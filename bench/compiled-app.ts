/**
 * The burst figure measures the app as deployed: compiled by `npm run build` into `lib/` and run by plain `node`,
 * without tsx's loader and its transpile caches in the heap. The harness around the app (this directory, the test
 * helpers it uses) is compiled with `tsconfig.burst.json` into `.bench-out/`, and `.bench-out/src` is then a link to
 * `lib/`, so every import of the app from the harness loads the very files `npm run build` wrote.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** True when this module runs from `.bench-out/` (compiled), false under tsx from the sources. */
export const COMPILED = import.meta.url.endsWith(".js");

/** The repository's root, whether this module runs from `bench/` or from `.bench-out/bench/`. */
const ROOT = fileURLToPath(new URL(COMPILED ? "../../" : "../", import.meta.url));
const OUT = `${ROOT}.bench-out/`;

/** How the app in this process was loaded, for figure labels. */
export const RUNTIME_LABEL = COMPILED ? `compiled app (lib/) under node ${process.execArgv.join(" ")}`.trimEnd() : "app from src/ under tsx";

/**
 * The node flags the container runs the app with: the arguments between `node` and `bin/onboarding-bot.js` in the
 * Dockerfile's exec-form ENTRYPOINT, so the burst measures what is deployed.
 * @throws Error when the Dockerfile has no such ENTRYPOINT.
 */
export function deployedNodeFlags(dockerfile = readFileSync(`${ROOT}Dockerfile`, "utf8")): string[] {
  const line = dockerfile.split("\n").find((l) => l.startsWith("ENTRYPOINT "));
  let entry: unknown;
  try {
    entry = line === undefined ? undefined : JSON.parse(line.slice("ENTRYPOINT ".length));
  } catch {
    entry = undefined; // the shell form: refused below
  }
  const script = Array.isArray(entry) ? entry.indexOf("bin/onboarding-bot.js") : -1;
  if (!Array.isArray(entry) || entry[0] !== "node" || script < 1) {
    throw new Error(`bench: the Dockerfile's ENTRYPOINT is ${line ?? "missing"}; expected the exec form ["node", ...flags, "bin/onboarding-bot.js"]`);
  }
  return entry.slice(1, script).map(String);
}

/**
 * A file of the source tree (`bench/…`, `test/…`) from a module that may run compiled in `.bench-out/`: the
 * simulator process, which the figure does not measure, keeps running from the sources under tsx.
 */
export function sourceUrl(fromRoot: string): URL {
  return new URL(fromRoot, `file://${ROOT}`);
}

/**
 * Runs `npm run build` (tsc on tsconfig.build.json → `lib/`) and compiles the burst harness into `.bench-out/`,
 * linking `.bench-out/src` to `lib/` and `.bench-out/test/fixtures` to the fixtures. Returns the compiled entry point.
 */
export function buildCompiledBurst(): URL {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = (project: string): void => {
    execFileSync(process.execPath, [tsc, "-p", project], { cwd: ROOT, stdio: "inherit" });
  };
  run("tsconfig.build.json");
  rmSync(OUT, { recursive: true, force: true });
  run("bench/tsconfig.burst.json");
  rmSync(`${OUT}src`, { recursive: true, force: true });
  symlinkSync(`${ROOT}lib`, `${OUT}src`, "dir");
  symlinkSync(`${ROOT}test/fixtures`, `${OUT}test/fixtures`, "dir");
  const entry = new URL("bench/burst-process.js", `file://${OUT}`);
  if (!existsSync(entry)) throw new Error(`bench: the compiled burst harness is missing ${entry.pathname}`);
  return entry;
}
