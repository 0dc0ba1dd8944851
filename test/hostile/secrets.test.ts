import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sign } from "@octokit/webhooks-methods";
import { Probot, createNodeMiddleware } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp, type AppHandles } from "../../src/index.js";
import { createMetrics } from "../../src/observability/metrics.js";
import {
  TestOctokit,
  allowOnlyLoopback,
  createCaptureLogger,
  deliverAll,
  restoreNetwork,
  testPrivateKey,
  type LogRecord,
} from "../harness/index.js";
import { OPF_FIXTURE, readTree } from "../helpers/gitops-fixture.js";
import { renderIssueBody, validValues } from "../helpers/issue-body.js";
import { TRUST_SETTINGS, APPS, branchOf, INSTALLATION, PEOPLE, SUPPORT, configYaml } from "../helpers/world.js";
import { GitHubSimulator, type SimEvent } from "../simulator/index.js";

const WEBHOOK_SECRET = "whsec-9f2c41d7e0b84a55-do-not-log";
const STATUS = "<!-- onboarding-bot:status";

/** A simulator seeded like the test world: support and GitOps repositories, the people, one installation. */
async function seededSimulator(): Promise<GitHubSimulator> {
  const sim = await GitHubSimulator.start();
  sim.addInstallation(INSTALLATION, "operate-first");
  for (const login of Object.values(PEOPLE)) sim.addUser(login);
  sim.addRepo(SUPPORT, { installationId: INSTALLATION, files: { ".github/onboarding-bot.yml": configYaml(), "README.md": "support\n" } });
  sim.addRepo(APPS, { installationId: INSTALLATION, files: readTree(OPF_FIXTURE) });
  return sim;
}

/** A Probot like production's (webhook secret set, logs at `level`), pointed at the simulator, retries off. */
function secretProbot(sim: GitHubSimulator, records: LogRecord[], level: "trace" | "debug" | "silent" = "trace"): Probot {
  return new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    secret: WEBHOOK_SECRET,
    baseUrl: sim.url,
    Octokit: TestOctokit,
    log: createCaptureLogger({ level, records }).logger,
  });
}

function appFn(onReady?: (h: AppHandles) => void) {
  return createApp({
    metrics: createMetrics({ defaultMetrics: false }),
    settings: { dryRun: false, sweepIntervalSeconds: 0, ...TRUST_SETTINGS },
    ...(onReady ? { onReady } : {}),
  });
}

/** Everything in a log record, errors included (message, stack and own properties such as `request`), as text. */
function serialise(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "object" && v !== null) {
      if (seen.has(v)) return "[cycle]";
      seen.add(v);
      if (v instanceof Error) {
        const out: Record<string, unknown> = { name: v.name, message: v.message, stack: v.stack, cause: v.cause };
        for (const key of Object.getOwnPropertyNames(v)) out[key] = (v as unknown as Record<string, unknown>)[key];
        if (v instanceof AggregateError) out.errors = v.errors;
        return out;
      }
    }
    if (typeof v === "bigint" || typeof v === "function") return String(v);
    return v;
  });
}

/** The secrets found in `text`, by name. */
function leaks(text: string): string[] {
  const found: string[] = [];
  const keyLines = testPrivateKey()
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  for (const line of keyLines) if (text.includes(line)) found.push(`private key line '${line.slice(0, 12)}…'`);
  if (/ghs_sim_/.test(text)) found.push("installation token (ghs_sim_)");
  if (text.includes(WEBHOOK_SECRET)) found.push("webhook secret");
  if (/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(text)) found.push("app JWT");
  return found;
}

/** Every text the bot wrote to the simulated GitHub: comments, issue and pull request bodies, titles, files. */
function writtenTexts(sim: GitHubSimulator): Array<{ where: string; text: string }> {
  const out: Array<{ where: string; text: string }> = [];
  for (const repo of [SUPPORT, APPS]) {
    for (let n = 1; n <= 20; n++) {
      let issue;
      try {
        issue = sim.issue(repo, n);
      } catch {
        continue;
      }
      out.push({ where: `${repo}#${n} body`, text: `${issue.title}\n${issue.body ?? ""}` });
      for (const c of sim.comments(repo, n)) out.push({ where: `${repo}#${n} comment ${c.id}`, text: c.body });
    }
  }
  for (const pull of sim.pulls(APPS)) {
    out.push({ where: `pull ${pull.number}`, text: `${pull.title}\n${pull.body ?? ""}` });
    for (const file of sim.listFiles(APPS, pull.head.ref)) {
      out.push({ where: `${pull.head.ref}:${file}`, text: sim.readFile(APPS, pull.head.ref, file) ?? "" });
    }
    out.push({ where: `commit ${pull.head.sha}`, text: sim.commit(APPS, pull.head.sha).message });
  }
  return out;
}

beforeAll(() => allowOnlyLoopback());
afterAll(() => restoreNetwork());

describe("secrets in logs and GitHub text", () => {
  let sim: GitHubSimulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  it("never logs or writes the private key, the webhook secret, an installation token or the app JWT, even on errors", async () => {
    sim = await seededSimulator();
    const records: LogRecord[] = [];
    let handles: AppHandles | undefined;
    const probot = secretProbot(sim, records, "trace");
    await probot.load(appFn((h) => (handles = h)), { cwd: process.cwd(), addHandler: () => undefined });

    // A request becomes a pull request.
    const n = sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "Onboarding: astro-lab", body: renderIssueBody(validValues()), labels: ["onboarding"] });
    await deliverAll(sim, probot);
    expect(sim.pulls(APPS)).toHaveLength(1);

    // An edit fails on GitHub's side in the middle of publishing: the error path logs and writes the error verdict.
    sim.inject({ graphqlField: "createCommitOnBranch", status: 500, body: { message: "Internal Server Error" } });
    sim.editIssue(SUPPORT, n, { body: renderIssueBody(validValues({ members: "@alice\n@Bob\n@dave" })), by: PEOPLE.requester });
    const failedRound = await deliverAll(sim, probot, { tolerateErrors: true });
    expect(failedRound.errors.length).toBeGreaterThan(0);
    const failed = records.find((r) => r.level === "error" && r.msg === "reconciling the request failed");
    expect(failed, "the error path ran").toBeDefined();
    const afterError = sim.comments(SUPPORT, n).find((c) => c.body.startsWith(STATUS))?.body ?? "";
    expect(afterError).toContain(String(failed?.errorId));

    // The next attempt (the sweep, as after a failed delivery) converges: one pull request with the new member.
    await handles?.sweep();
    await deliverAll(sim, probot);
    expect(sim.pulls(APPS)).toHaveLength(1);
    expect(sim.readFile(APPS, branchOf(1), "cluster-scope/base/user.openshift.io/groups/astro-lab/group.yaml")).toContain("dave");

    // The scan is not vacuous: tokens were minted and used, and request-level logs were captured.
    expect(sim.calls.some((c) => c.method === "POST" && /\/app\/installations\/\d+\/access_tokens$/.test(c.path))).toBe(true);
    expect(records.length).toBeGreaterThan(20);
    expect(records.some((r) => r.level === "debug" || r.level === "trace")).toBe(true);

    const logLeaks = records.flatMap((r, i) => leaks(serialise(r)).map((l) => `log ${i} (${r.level} '${r.msg}'): ${l}`));
    expect(logLeaks).toEqual([]);
    const textLeaks = writtenTexts(sim).flatMap(({ where, text }) => leaks(text).map((l) => `${where}: ${l}`));
    expect(textLeaks).toEqual([]);
  });

  it("detects each secret when it is present, so the scan above can fail", () => {
    const keyLine = testPrivateKey().split("\n")[1] ?? "";
    expect(leaks(`x ${keyLine} y`)).toHaveLength(1);
    expect(leaks("token ghs_sim_1_abcdef")).toEqual(["installation token (ghs_sim_)"]);
    expect(leaks(serialise({ err: Object.assign(new Error("boom"), { request: { headers: { secret: WEBHOOK_SECRET } } }) }))).toEqual(["webhook secret"]);
    expect(leaks("Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjF9.c2ln")).toEqual(["app JWT"]);
  });
});

describe("webhook signatures over HTTP", () => {
  let sim: GitHubSimulator;
  let server: Server;
  let url: string;
  let event: SimEvent;

  beforeAll(async () => {
    sim = await seededSimulator();
    const middleware = await createNodeMiddleware(appFn(), { probot: secretProbot(sim, [], "silent") });
    server = createServer((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end("not found"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
    sim.openIssue(SUPPORT, { author: PEOPLE.requester, title: "Onboarding: astro-lab", body: renderIssueBody(validValues()), labels: ["onboarding"] });
    const events = sim.takeEvents();
    // GitHub sends the form's label in a separate `labeled` delivery; that is the one the bot acts on.
    const labeled = events.find((e) => e.name === "issues" && e.payload.action === "labeled");
    if (!labeled) throw new Error("secrets: the simulator queued no issues.labeled event");
    event = labeled;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await sim.close();
  });

  async function post(body: string, signature: string | undefined, delivery: string): Promise<number> {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      "x-github-event": event.name,
      "x-github-delivery": delivery,
    };
    if (signature !== undefined) headers["x-hub-signature-256"] = signature;
    const res = await fetch(url, { method: "POST", headers, body });
    await res.text();
    return res.status;
  }

  it.each([
    ["a signature made with another secret", async (body: string) => sign("not-the-secret", body)],
    ["a signature of another body", async (body: string) => sign(WEBHOOK_SECRET, `${body} `)],
    ["a malformed signature", async () => "sha256=zz"],
    ["no signature", async () => undefined],
  ])("refuses %s with 4xx and makes no GitHub call", async (_name, signatureOf) => {
    const body = JSON.stringify(event.payload);
    sim.resetCalls();
    const status = await post(body, await signatureOf(body), `bad-${Math.random()}`);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 50));
    expect(sim.calls).toEqual([]);
    expect(sim.comments(SUPPORT, 1)).toEqual([]);
  });

  it("accepts a correctly signed delivery (2xx) and acts on it", async () => {
    const body = JSON.stringify(event.payload);
    sim.resetCalls();
    const status = await post(body, await sign(WEBHOOK_SECRET, body), event.id);
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(300);
    expect(sim.calls.length).toBeGreaterThan(0);
    expect(sim.comments(SUPPORT, 1).some((c) => c.body.startsWith(STATUS))).toBe(true);
  });
});
