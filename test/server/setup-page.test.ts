import { readFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import type { Server } from "probot";
import { parse } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildManifest, startSetupServer } from "../../src/server/setup-page.js";
import { WEBHOOK_PATH } from "../../src/server/start-server.js";
import { captureLog } from "./server-harness.js";

/** GET `path` with the given Host (and forwarded) headers, as a browser behind a proxy would. */
function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on("error", reject)
      .end();
  });
}

/** The manifest the page's form really posts: the `manifest` field, HTML-unescaped. */
function postedManifest(html: string): Record<string, unknown> & { hook_attributes: { url: string } } {
  const value = /<input type="hidden" name="manifest" value="([^"]*)">/.exec(html)?.[1];
  if (value === undefined) throw new Error("no manifest field in the page");
  return JSON.parse(value.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code))));
}

describe("the set-up page (registration)", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    vi.unstubAllEnvs();
  });

  async function start(): Promise<number> {
    vi.stubEnv("NO_SMEE_SETUP", "true");
    // Probot's set-up server treats port 0 as "default 3000", so ask the kernel for a free port first; another
    // process may still take it in between, so a port found in use is replaced by another (at most 5 tries).
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        server = await startSetupServer({ log: (await captureLog("warn")).log, host: "127.0.0.1", port, env: process.env });
        return port;
      } catch (error) {
        if (attempt >= 5 || !String((error as Error).message).includes("already in use")) throw error;
      }
    }
  }

  it("posts a manifest whose webhooks reach this server's webhook path at the address the browser used", async () => {
    const port = await start();
    const page = await get(port, "/probot", { host: "bot.example.org", "x-forwarded-proto": "https" });
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="https://github.com/settings/apps/new"');
    const manifest = postedManifest(page.body);
    expect(manifest.hook_attributes.url).toBe(`https://bot.example.org${WEBHOOK_PATH}`);
    expect(manifest.redirect_url).toBe("https://bot.example.org/probot/setup");
    // Everything else is app.yml's.
    const appYml = parse(readFileSync("app.yml", "utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: appYml.name, public: false, default_permissions: appYml.default_permissions, default_events: appYml.default_events });
  });

  it("posts WEBHOOK_PROXY_URL as the webhook URL when it is set, and registers for GH_ORG's organisation", async () => {
    const port = await start();
    vi.stubEnv("WEBHOOK_PROXY_URL", "https://smee.io/abc123");
    vi.stubEnv("GH_ORG", "operate-first");
    const page = await get(port, "/probot", { host: "localhost:3000" });
    expect(postedManifest(page.body).hook_attributes.url).toBe("https://smee.io/abc123");
    expect(page.body).not.toContain("GitHub cannot reach this address");
    expect(page.body).toContain('action="https://github.com/organizations/operate-first/settings/apps/new"');
  });

  it("warns when the page was opened on localhost, whose webhook URL GitHub cannot call", async () => {
    const port = await start();
    const page = await get(port, "/probot", { host: "localhost:3000" });
    expect(postedManifest(page.body).hook_attributes.url).toBe(`http://localhost:3000${WEBHOOK_PATH}`);
    expect(page.body).toContain("GitHub cannot reach this address");
  });

  it("leaves GitHub's callback to Probot's set-up app, which turns the code into .env", async () => {
    const port = await start();
    const callback = await get(port, "/probot/setup", { host: "localhost" });
    expect([callback.status, callback.body]).toEqual([400, "code missing or invalid"]);
  });

  it("never keeps a hook URL from app.yml (a fixed URL would send every registered app's webhooks there)", () => {
    const manifest = buildManifest({ name: "x", hook_attributes: { url: "https://example.com/api/github/webhooks", active: true } }, "http://localhost:3000", undefined);
    expect(manifest.hook_attributes).toEqual({ url: `http://localhost:3000${WEBHOOK_PATH}`, active: true });
    expect(parse(readFileSync("app.yml", "utf8")).hook_attributes?.url).toBeUndefined();
  });
});

/** A port the kernel had free a moment ago (bound to port 0, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("setup-page test: no port from the kernel"))));
    });
  });
}
