import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** The heap flags the app is deployed and benchmarked with (see the Dockerfile's comment and bench/compiled-app.ts). */
const HEAP_FLAGS = ["--heap-growing-percent=30", "--max-semi-space-size=8"];

interface Instruction {
  op: string;
  args: string;
}

/** Dockerfile instructions with comments dropped and `\` continuations joined. */
function instructions(text: string): Instruction[] {
  const joined = text
    .split("\n")
    .filter((l) => !/^\s*#/.test(l))
    .join("\n")
    .replace(/\\\n\s*/g, " ");
  return joined
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((l) => {
      const [op = "", ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

const all = instructions(readFileSync(join(root, "Dockerfile"), "utf8"));
const stageStarts = all.flatMap((ins, i) => (ins.op === "FROM" ? [i] : []));
const runtime = all.slice(stageStarts.at(-1));
const build = all.slice(stageStarts[0], stageStarts[1]);

/** Whether a .dockerignore line excludes a top-level path (the patterns used there: names and `*.ext`). */
function ignored(path: string, patterns: string[]): boolean {
  const top = path.split("/")[0] ?? path;
  return patterns.some((p) => {
    const re = new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
    return re.test(top);
  });
}

describe("Dockerfile", () => {
  it("builds in two stages on the current Node LTS line, node:24-bookworm-slim, within package.json's engines", () => {
    expect(all.filter((i) => i.op === "FROM").map((i) => i.args)).toEqual([
      "node:24-bookworm-slim AS build",
      "node:24-bookworm-slim AS runtime",
    ]);
    const engines = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { engines: { node: string } }).engines.node;
    expect(engines.split("||").map((r) => r.trim())).toContain(">=22");
  });

  it("installs from the lockfile, builds, then prunes dev dependencies in the build stage", () => {
    const runs = build.filter((i) => i.op === "RUN").map((i) => i.args);
    expect(runs[0]).toMatch(/^npm ci\b/);
    expect(runs.join(" && ")).toMatch(/npm run build && npm prune --omit=dev/);
  });

  it("copies only lib/, bin/, production node_modules, package.json, app.yml, schemas/ and templates/ into the runtime", () => {
    const copied = runtime
      .filter((i) => i.op === "COPY")
      .flatMap((i) => {
        const parts = i.args.split(/\s+/).filter((p) => !p.startsWith("--"));
        return parts.slice(0, -1).map((src) => src.replace(/^\/app\//, "").replace(/\/$/, ""));
      })
      .sort();
    expect(copied).toEqual(["app.yml", "bin", "lib", "node_modules", "package.json", "schemas", "templates"]);
    const fromBuild = runtime.filter((i) => i.op === "COPY" && i.args.includes("--from=build")).map((i) => i.args);
    expect(fromBuild.join("\n")).toMatch(/\/app\/node_modules/);
    expect(fromBuild.join("\n")).toMatch(/\/app\/lib/);
  });

  it("runs `onboarding-bot serve` as the node user in production mode on port 3000, node itself as PID 1", () => {
    const ops = runtime.map((i) => i.op);
    expect(runtime.find((i) => i.op === "USER")?.args).toBe("node");
    expect(ops.indexOf("USER")).toBeLessThan(ops.indexOf("CMD"));
    const env = runtime.filter((i) => i.op === "ENV").map((i) => i.args).join(" ");
    expect(env).toContain("NODE_ENV=production");
    expect(env).toContain("HOST=0.0.0.0");
    expect(runtime.find((i) => i.op === "EXPOSE")?.args).toBe("3000");
    // Exec form, node directly: SIGTERM reaches the app's own handler (no shell or npm in between).
    expect(JSON.parse(runtime.find((i) => i.op === "ENTRYPOINT")?.args ?? "null")).toEqual(["node", ...HEAP_FLAGS, "bin/onboarding-bot.js"]);
    expect(JSON.parse(runtime.filter((i) => i.op === "CMD").at(-1)?.args ?? "null")).toEqual(["serve"]);
  });

  it("checks health with Node's fetch against /healthz (no curl in the slim image)", () => {
    const healthcheck = runtime.find((i) => i.op === "HEALTHCHECK")?.args ?? "";
    const command = JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)) as string[];
    expect(command.slice(0, 2)).toEqual(["node", "-e"]);
    expect(command[2]).toContain("/healthz");
    expect(command[2]).toContain("fetch(");
    expect(all.map((i) => i.args).join("\n")).not.toMatch(/\b(curl|wget)\b/);
  });

  it("has every file it copies from the context present and not excluded by .dockerignore", () => {
    const patterns = readFileSync(join(root, ".dockerignore"), "utf8")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "" && !l.startsWith("#"));
    const fromContext = all
      .filter((i) => i.op === "COPY" && !i.args.includes("--from="))
      .flatMap((i) => i.args.split(/\s+/).filter((p) => !p.startsWith("--")).slice(0, -1));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const src of fromContext) {
      expect(ignored(src, patterns), `${src} is excluded by .dockerignore`).toBe(false);
      expect(existsSync(join(root, src)), `${src} does not exist`).toBe(true);
    }
    for (const secret of [".env", "key.pem", ".git"]) expect(ignored(secret, patterns), secret).toBe(true);
  });

  it("runs node with heap flags that this Node accepts, the same in `npm start` and in the burst benchmark", async () => {
    // V8 flags outside Node's documented set can disappear in a later V8: node then refuses to start ("bad option").
    const accepted = spawnSync(process.execPath, [...HEAP_FLAGS, "-e", "0"], { encoding: "utf8" });
    expect(accepted.stderr).toBe("");
    expect(accepted.status).toBe(0);
    const start = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start;
    expect(start).toBe(["node", ...HEAP_FLAGS, "bin/onboarding-bot.js", "serve"].join(" "));
    const { deployedNodeFlags } = await import("../../bench/compiled-app.js");
    expect(deployedNodeFlags()).toEqual(HEAP_FLAGS);
  });
});
