import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { run as validateCommand } from "../../src/cli/commands/validate.js";
import { parseConfig } from "../../src/config/parse-config.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { renderRequestStatus } from "../../src/status/render-request-status.js";
import { validateParsedRequest } from "../../src/validation/validate-request.js";
import { configYaml } from "../../test/helpers/world.js";
import { adversarialBodies } from "../adversarial-corpus.js";
import { atMost, below, figure, note } from "../report.js";

/**
 * CPU milliseconds (user + system, all threads) of `fn`: on its own the event loop is blocked about this long. CPU
 * time rather than wall time, so that other processes on a shared machine do not inflate the figure.
 */
async function timed(fn: () => unknown): Promise<number> {
  const t = process.cpuUsage();
  await fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

/** The fastest of up to `runs` runs (one when a run takes over a second: the quadratic cases of old code). */
async function bestOf(runs: number, fn: () => unknown): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const ms = await timed(fn);
    best = Math.min(best, ms);
    if (ms > 1000) break;
  }
  return best;
}

interface Worst {
  ms: number;
  name: string;
}

function worse(current: Worst, ms: number, name: string): Worst {
  return ms > current.ms ? { ms, name } : current;
}

/**
 * Adversarial figure: the worst case, over the corpus of 64 KiB bodies in `adversarial-corpus.ts`, of
 * - parse: `parseIssueBody` (what every webhook and sweep does with the issue body),
 * - validate: the `onboarding-bot validate FILE --config CFG` command, offline (reads both files, parses, validates, prints),
 * - status: rendering the status comment for the validation result, escaping included,
 * each the fastest of 3 runs in CPU time, against 50 ms; and the longest status comment against GitHub's 65,536
 * characters.
 */
export async function adversarialWorstCase(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-adversarial-"));
  try {
    const configPath = join(dir, "onboarding-bot.yml");
    const yaml = configYaml();
    writeFileSync(configPath, yaml);
    const parsedConfig = parseConfig(parse(yaml) as unknown);
    if (!parsedConfig.ok) throw new Error("bench: the fixture configuration is invalid");
    const config = parsedConfig.config;
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, cwd: dir };

    let parseWorst: Worst = { ms: 0, name: "" };
    let validateWorst: Worst = { ms: 0, name: "" };
    let statusWorst: Worst = { ms: 0, name: "" };
    let longest: Worst = { ms: 0, name: "" };
    const bodies = adversarialBodies();
    for (const { name, body } of bodies) {
      const file = join(dir, "request.md");
      writeFileSync(file, body);
      parseWorst = worse(parseWorst, await bestOf(3, () => parseIssueBody(body, config)), name);
      validateWorst = worse(validateWorst, await bestOf(3, () => validateCommand([file, "--config", configPath], io)), name);
      const parsed = parseIssueBody(body, config);
      const result = validateParsedRequest(parsed, config, { snapshot: { paths: new Set(), files: new Map() }, users: null });
      const status = () =>
        renderRequestStatus(result.ok ? { kind: "valid", request: result.request, notices: result.notices } : { kind: "invalid", problems: result.problems, notices: result.notices });
      statusWorst = worse(statusWorst, await bestOf(3, status), name);
      longest = worse(longest, status().length, name);
    }
    note(`adversarial corpus: ${bodies.length} bodies of 64 KiB (worst body named after each figure)`);
    figure(`adversarial worst case, parse (${parseWorst.name})`, parseWorst.ms, "ms", atMost(50, "ms", parseWorst.ms));
    figure(`adversarial worst case, CLI validate offline (${validateWorst.name})`, validateWorst.ms, "ms", atMost(50, "ms", validateWorst.ms));
    figure(`adversarial worst case, status rendering (${statusWorst.name})`, statusWorst.ms, "ms", atMost(50, "ms", statusWorst.ms));
    figure(`adversarial longest status comment (${longest.name})`, longest.ms, "characters", below(65_536, "", longest.ms));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
