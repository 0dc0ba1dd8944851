import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Probot, Server, type Logger } from "probot";
import { parse } from "yaml";
import { WEBHOOK_PATH } from "./start-server.js";

/** The GitHub App manifest fields the set-up page sets; the rest comes from `app.yml`. */
export interface AppManifest {
  name?: string;
  url?: string;
  description?: string;
  public?: boolean;
  hook_attributes: { url: string; active?: boolean };
  redirect_url: string;
  version?: string;
  [key: string]: unknown;
}

/**
 * The manifest the set-up page posts to GitHub: `app.yml`, with the webhook URL pointing at this server's
 * webhook path (`<base URL>/api/github/webhooks`, where the base URL is the address the browser used, so open the
 * page through the public address GitHub will call), or at `WEBHOOK_PROXY_URL` when set (a smee.io channel that
 * forwards to a development machine). Probot's own page would post `app.yml`'s `hook_attributes` unchanged, or
 * `<base URL>/`, where nothing receives webhooks.
 */
export function buildManifest(appYml: Record<string, unknown>, baseUrl: string, proxyUrl: string | undefined): AppManifest {
  const hook = (appYml.hook_attributes as Record<string, unknown> | undefined) ?? {};
  return {
    version: "v1",
    ...appYml,
    hook_attributes: { ...hook, url: proxyUrl || `${baseUrl}${WEBHOOK_PATH}` },
    redirect_url: `${baseUrl}/probot/setup`,
  };
}

/** The address the browser used, as Probot's set-up app computes it (forwarded headers first). */
export function requestBaseUrl(req: IncomingMessage): string {
  const forwardedProto = req.headers["x-forwarded-proto"];
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true;
  const proto = typeof forwardedProto === "string" ? (forwardedProto.split(",")[0] ?? "http").trim() : encrypted ? "https" : "http";
  const forwardedHost = req.headers["x-forwarded-host"];
  const host = (typeof forwardedHost === "string" ? forwardedHost : req.headers.host) ?? "localhost";
  return `${proto}://${host}`;
}

/** Where GitHub's "register an app from a manifest" form lives, for an organisation when `GH_ORG` is set. */
export function createAppUrl(env: NodeJS.ProcessEnv): string {
  const host = env.GHE_HOST || "github.com";
  return `${env.GHE_PROTOCOL || "https"}://${host}${env.GH_ORG ? `/organizations/${encodeURIComponent(env.GH_ORG)}` : ""}/settings/apps/new`;
}

/** Whether a webhook URL points at this machine or a private network name GitHub cannot call. */
export function unreachableFromGitHub(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|0\.0\.0\.0)$/.test(host) || !host.includes(".");
  } catch {
    return true;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The set-up page: one button that posts the manifest to GitHub, which then calls back `/probot/setup`. */
export function renderSetupPage(manifest: AppManifest, action: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><title>Register onboarding-bot</title></head><body>',
    "<h1>Register the onboarding-bot GitHub App</h1>",
    `<p>GitHub will send webhooks to <code>${escapeHtml(manifest.hook_attributes.url)}</code>.</p>`,
    ...(unreachableFromGitHub(manifest.hook_attributes.url)
      ? [
          "<p><strong>GitHub cannot reach this address.</strong> Open this page through the public address GitHub will call, " +
            "or set WEBHOOK_PROXY_URL to a smee.io channel in .env and restart (or change the webhook URL on the app's settings page later).</p>",
        ]
      : []),
    `<form action="${escapeHtml(action)}" method="post">`,
    `<input type="hidden" name="manifest" value="${escapeHtml(JSON.stringify(manifest))}">`,
    '<button type="submit">Register GitHub App</button>',
    "</form></body></html>",
    "",
  ].join("\n");
}

/** Serves `GET /probot` with {@link renderSetupPage}; every other request is left to Probot's set-up app. */
export function setupPageHandler(appYmlPath: string, env: NodeJS.ProcessEnv) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const path = (req.url ?? "/").split("?", 1)[0];
    if (req.method !== "GET" || path !== "/probot") return false;
    const appYml = (parse(readFileSync(appYmlPath, "utf8")) ?? {}) as Record<string, unknown>;
    const manifest = buildManifest(appYml, requestBaseUrl(req), env.WEBHOOK_PROXY_URL);
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(renderSetupPage(manifest, createAppUrl(env)));
    return true;
  };
}

/** Options of {@link startSetupServer}. */
export interface SetupServerOptions {
  log: Logger;
  host?: string;
  port?: number;
  /** Directory with `app.yml`, where Probot writes `.env` once GitHub created the app (default: the working directory). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Probot's set-up mode (no credentials yet): Probot's set-up app (the callback that turns GitHub's code into
 * `APP_ID`, `PRIVATE_KEY` and `WEBHOOK_SECRET` in `.env`), behind {@link setupPageHandler}. Probot exports no
 * entry point for its set-up app, so it is loaded from its file in the probot package (a test fails if it moves).
 */
export async function startSetupServer(options: SetupServerOptions): Promise<Server> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const probotEntry = createRequire(import.meta.url).resolve("probot");
  const { setupAppFactory } = (await import(pathToFileURL(join(dirname(probotEntry), "apps", "setup.js")).href)) as {
    setupAppFactory: (options: { host: string; port: number; log: Logger }) => Parameters<Server["loadHandlerFactory"]>[0];
  };
  const server = new Server({
    host: options.host ?? "localhost",
    port: options.port ?? 3000,
    webhookPath: WEBHOOK_PATH,
    log: options.log,
    // Probot's set-up mode needs a Probot it never uses (see probot's run.js, #1512).
    Probot: Probot.defaults({ appId: 1, privateKey: "unused in set-up mode", log: options.log }),
  });
  server.addHandler(setupPageHandler(join(cwd, "app.yml"), env));
  await server.loadHandlerFactory(setupAppFactory({ host: server.host, port: server.port, log: options.log.child({ name: "setup" }) }));
  await server.start();
  return server;
}
