import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot, createNodeMiddleware } from "probot";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpHandler, type HttpRoutesOptions } from "../../src/observability/http-routes.js";
import { createMetrics } from "../../src/observability/metrics.js";

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Serves the handler the way Probot's server does: handlers in order, a 404 when none owns the path. */
async function serve(opts: Partial<HttpRoutesOptions> = {}) {
  const metrics = opts.metrics ?? createMetrics({ defaultMetrics: false });
  const handler = createHttpHandler({ metrics, isReady: () => true, ...opts });
  const url = await listen(async (req, res) => {
    if (!(await handler(req, res))) res.writeHead(404).end("fallback 404");
  });
  return { url, metrics };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const SECRET = "s3cret-reconcile-token";

describe("health and readiness routes", () => {
  it("answers /healthz with 200 ok, also with a query string and for HEAD", async () => {
    const { url } = await serve();
    const get = await fetch(`${url}/healthz?probe=liveness`);
    expect(get.status).toBe(200);
    expect(await get.text()).toBe("ok\n");
    const head = await fetch(`${url}/healthz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("refuses other methods on /healthz with 405 and an Allow header", async () => {
    const { url } = await serve();
    const res = await fetch(`${url}/healthz`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers /readyz with 503 until isReady() turns true, and 503 when isReady() throws", async () => {
    let ready: boolean | "throw" = false;
    const { url } = await serve({
      isReady: () => {
        if (ready === "throw") throw new Error("config not loaded");
        return ready;
      },
    });
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    ready = "throw";
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  });

  it("leaves paths it does not own to the next handler", async () => {
    const { url } = await serve();
    const res = await fetch(`${url}/healthzz`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("fallback 404");
  });
});

describe("/metrics", () => {
  it("serves the app's registry in Prometheus text format with its content type", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.webhooksReceived.inc({ event: "issues.opened" });
    const { url } = await serve({ metrics });
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(metrics.registry.contentType);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain('onboarding_webhooks_received_total{event="issues.opened"} 1');
  });
});

describe("POST /reconcile", () => {
  it("is 404 when no reconcile secret is configured (or it is empty)", async () => {
    const none = await serve();
    expect((await fetch(`${none.url}/reconcile`, { method: "POST" })).status).toBe(404);
    const empty = await serve({ reconcile: { secret: "", run: async () => undefined } });
    expect((await fetch(`${empty.url}/reconcile`, { method: "POST", headers: { authorization: "Bearer " } })).status).toBe(404);
  });

  it("answers 401 without a token, with a wrong token of the same length, and with another scheme", async () => {
    let runs = 0;
    const { url } = await serve({ reconcile: { secret: SECRET, run: async () => void runs++ } });
    const wrong = SECRET.slice(0, -1) + (SECRET.endsWith("n") ? "m" : "n");
    for (const authorization of [undefined, `Bearer ${wrong}`, `Basic ${SECRET}`, `Bearer ${SECRET}x`, "Bearer"]) {
      const res = await fetch(`${url}/reconcile`, {
        method: "POST",
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(res.status, String(authorization)).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="reconcile"');
    }
    expect(runs).toBe(0);
  });

  it("starts one sweep in the background with 202, answers 409 while it runs, and accepts again after", async () => {
    const gate = deferred();
    let runs = 0;
    const { url } = await serve({
      reconcile: {
        secret: SECRET,
        run: async () => {
          runs++;
          await gate.promise;
        },
      },
    });
    const auth = { authorization: `Bearer ${SECRET}` };
    const first = await fetch(`${url}/reconcile`, { method: "POST", headers: auth });
    expect(first.status).toBe(202);
    const second = await fetch(`${url}/reconcile`, { method: "POST", headers: auth, body: "ignored" });
    expect(second.status).toBe(409);
    expect(runs).toBe(1);
    gate.resolve();
    await new Promise((r) => setTimeout(r, 10));
    const third = await fetch(`${url}/reconcile`, { method: "POST", headers: auth });
    expect(third.status).toBe(202);
    expect(runs).toBe(2);
  });

  it("logs a failed sweep and frees the slot for the next one", async () => {
    const errors: string[] = [];
    const { url } = await serve({
      reconcile: { secret: SECRET, run: async () => Promise.reject(new Error("GitHub down")) },
      log: { error: (obj, msg) => errors.push(`${msg}: ${((obj as { err: Error }).err).message}`) },
    });
    const auth = { authorization: `Bearer ${SECRET}` };
    expect((await fetch(`${url}/reconcile`, { method: "POST", headers: auth })).status).toBe(202);
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toEqual(["observability/http-routes: reconciliation sweep failed: GitHub down"]);
    expect((await fetch(`${url}/reconcile`, { method: "POST", headers: auth })).status).toBe(202);
  });

  it("refuses GET /reconcile with 405", async () => {
    const { url } = await serve({ reconcile: { secret: SECRET, run: async () => undefined } });
    const res = await fetch(`${url}/reconcile`, { headers: { authorization: `Bearer ${SECRET}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});

describe("inside Probot 14", () => {
  it("serves the routes through addHandler while Probot keeps the webhook path", async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const probot = new Probot({ githubToken: "test", secret: "webhook-secret", logLevel: "fatal" });
    const middleware = await createNodeMiddleware(
      (_app, { addHandler }) => {
        addHandler(createHttpHandler({ metrics, isReady: () => true }));
      },
      { probot },
    );
    const url = await listen((req, res) => {
      void middleware(req, res, () => res.writeHead(404).end("not found"));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(await (await fetch(`${url}/metrics`)).text()).toContain("onboarding_handlers_in_flight 0");
    const webhook = await fetch(`${url}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "ping",
        "x-github-delivery": "1",
        "x-hub-signature-256": "sha256=0000",
      },
      body: "{}",
    });
    expect(webhook.status).toBe(400);
    expect((await fetch(`${url}/unknown`)).status).toBe(404);
  });
});
