import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/server/read-body.js";
import { WEBHOOK_PATH, type RunningServer } from "../../src/server/start-server.js";
import { createWorld, type World } from "../helpers/world.js";
import { captureLog, postWebhook, startTestServer, labeledEvent } from "./server-harness.js";

/** Sends a POST to the webhook path with `headers`, writing `chunks` (stopping when the server answers or hangs up). */
function rawPost(url: string, headers: Record<string, string | number>, chunks: Iterable<Buffer>): Promise<{ status: number | undefined; error?: string }> {
  return new Promise((resolve) => {
    const req = request(`${url}${WEBHOOK_PATH}`, { method: "POST", headers: { "content-type": "application/json", ...headers } });
    let settled = false;
    const done = (result: { status: number | undefined; error?: string }) => {
      if (!settled) resolve(result);
      settled = true;
    };
    req.on("response", (res) => {
      res.resume();
      done({ status: res.statusCode });
    });
    req.on("error", (error) => done({ status: undefined, error: (error as NodeJS.ErrnoException).code ?? error.message }));
    const write = async () => {
      for (const chunk of chunks) {
        if (settled || req.destroyed) return;
        if (!req.write(chunk)) await new Promise((r) => req.once("drain", r));
      }
      req.end();
    };
    void write();
  });
}

function* megabytes(n: number): Generator<Buffer> {
  const chunk = Buffer.alloc(64 * 1024, "x");
  for (let i = 0; i < n * 16; i++) yield chunk;
}

describe("startServer", () => {
  let world: World | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.shutdown();
    await world?.close().catch(() => undefined);
    server = undefined;
    world = undefined;
  });

  it("refuses a webhook body declared above 1 MiB with 413 before reading a byte of it", async () => {
    world = await createWorld();
    const { log } = await captureLog();
    let maxBuffered = 0;
    server = await startTestServer(world.sim.url, log, { onBodyBuffered: (b) => (maxBuffered = Math.max(maxBuffered, b)) });
    const result = await rawPost(server.url, { "content-length": 100 * 1024 * 1024, "x-github-event": "issues", "x-github-delivery": "d-1" }, megabytes(100));
    expect(result.status ?? result.error).toBe(413);
    expect(maxBuffered).toBe(0);
  });

  it("refuses a chunked webhook body as soon as it grows past the limit, never holding more than the limit", async () => {
    world = await createWorld();
    const { log } = await captureLog();
    let maxBuffered = 0;
    server = await startTestServer(world.sim.url, log, { onBodyBuffered: (b) => (maxBuffered = Math.max(maxBuffered, b)) });
    // No content-length: Node sends the body chunked.
    const result = await rawPost(server.url, { "transfer-encoding": "chunked", "x-github-event": "issues", "x-github-delivery": "d-2" }, megabytes(20));
    expect(result.status ?? result.error).toBe(413);
    expect(maxBuffered).toBeGreaterThan(0);
    expect(maxBuffered).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES);
  });

  it("handles a signed delivery under the limit and answers 400 to a bad signature", async () => {
    world = await createWorld();
    const { log } = await captureLog();
    server = await startTestServer(world.sim.url, log);
    world.openRequest();
    const event = labeledEvent(world);
    expect((await postWebhook(server.url, event)).status).toBe(200);
    expect(world.sim.pulls("operate-first/apps")).toHaveLength(1);
    expect((await postWebhook(server.url, { ...event, id: "other" }, "wrong-secret")).status).toBe(400);
  });

  it("logs a failing handler's error without the webhook payload or the request body", async () => {
    world = await createWorld();
    const { log, lines, records } = await captureLog();
    server = await startTestServer(world.sim.url, log);
    world.openRequest();
    const event = labeledEvent(world);
    const marker = "payload-marker-7f3a9c";
    event.payload.issue.title = `Onboarding ${marker}`;
    event.payload.issue.body = `${event.payload.issue.body}\n\n${marker}`;
    // GitHub goes away: the handler's first call fails and the handler throws.
    await world.sim.close();
    const response = await postWebhook(server.url, event);
    expect(response.status).toBe(500);

    const errors = records().filter((r) => r.level === 50);
    expect(errors.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(marker);
    for (const field of ['"payload"', '"event":{', '"body"', '"installation":{', '"repository":{']) expect(lines.join("\n")).not.toContain(field);
    // What is logged is still useful: the delivery and the error.
    expect(lines.join("\n")).toContain(event.id);
  });

  it("logs probe requests at debug, other requests at info, each JSON line with one name key", async () => {
    world = await createWorld();
    const { log, lines, records } = await captureLog();
    server = await startTestServer(world.sim.url, log);
    await fetch(`${server.url}/healthz`);
    await fetch(`${server.url}/metrics`);
    await fetch(`${server.url}/nothing-here`);
    const served = records().filter((r) => r.msg === "request served");
    expect(served.filter((r) => r.path === "/healthz" || r.path === "/metrics").map((r) => r.level)).toEqual([20, 20]);
    expect(served.find((r) => r.path === "/nothing-here")).toMatchObject({ level: 30, status: 404 });
    for (const line of lines) expect(line.match(/"name":/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
    expect(served[0]).toMatchObject({ name: "http" });
  });

  it("answers /readyz 503 until the app authenticated with GitHub, then 200, and 503 once shutting down", async () => {
    world = await createWorld();
    const { log } = await captureLog();
    server = await startTestServer(world.sim.url, log);
    const first = await fetch(`${server.url}/readyz`);
    expect(first.status).toBe(503);
    expect(await first.text()).toContain("has not authenticated with GitHub yet");
    await expect.poll(async () => (await fetch(`${server!.url}/readyz`)).status).toBe(200);
    expect(world.sim.calls.some((c) => c.operationId === "apps/get-authenticated")).toBe(true);
    server.handles.readiness.stop();
    const stopping = await fetch(`${server.url}/readyz`);
    expect([stopping.status, await stopping.text()]).toEqual([503, "not ready: shutting down\n"]);
  });

  it("refuses webhooks with 503 and stops listening once shut down", async () => {
    world = await createWorld();
    const { log } = await captureLog();
    server = await startTestServer(world.sim.url, log);
    const url = server.url;
    expect(await server.shutdown()).toEqual({ abandoned: 0 });
    world.openRequest();
    await expect(postWebhook(url, labeledEvent(world))).rejects.toThrow();
  });
});
