import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Probot, type Logger, type ProbotOctokit } from "probot";
import { createApp, type AppHandles, type CreateAppOptions, type ShutdownReport } from "../index.js";
import { ROUTES } from "../observability/http-routes.js";
import { MAX_WEBHOOK_BODY_BYTES, readBodyWithLimit } from "./read-body.js";

/** Probot's default webhook path, the one `app.yml` registers and the Ingress exposes. */
export const WEBHOOK_PATH = "/api/github/webhooks";

/** Default of {@link StartServerOptions.shutdownGraceMs}: below Kubernetes' default 30 s termination grace. */
export const SHUTDOWN_GRACE_MS = 20_000;

/** Paths probed every few seconds by Kubernetes and Prometheus: their requests are logged at debug. */
const QUIET_PATHS = new Set<string>([ROUTES.health, ROUTES.ready, ROUTES.metrics, "/ping"]);

/** Options of {@link startServer}. */
export interface StartServerOptions {
  appId: string | number;
  privateKey: string;
  webhookSecret: string;
  log: Logger;
  /** GitHub's REST API, e.g. `https://ghe.example.com/api/v3`; default api.github.com. */
  baseUrl?: string;
  /** Interface to listen on (default `0.0.0.0`) and port (default 3000; 0 picks a free one). */
  host?: string;
  port?: number;
  /** Largest webhook body accepted (default {@link MAX_WEBHOOK_BODY_BYTES}). */
  maxBodyBytes?: number;
  /** How long shutdown waits for runs in flight (default {@link SHUTDOWN_GRACE_MS}). */
  shutdownGraceMs?: number;
  /** Options passed on to {@link createApp}. */
  app?: Omit<CreateAppOptions, "onReady">;
  /** Octokit class (tests pass one without retries and throttling). */
  Octokit?: typeof ProbotOctokit;
  /** Sees the bytes of a webhook body held in memory after each chunk; for tests. */
  onBodyBuffered?: (bytes: number) => void;
}

/** A running server; see {@link startServer}. */
export interface RunningServer {
  /** `http://host:port` it listens on. */
  url: string;
  handles: AppHandles;
  /**
   * Stops it: new webhooks get 503 and no new connection is accepted, `/readyz` answers 503, the sweep stops, runs
   * in flight get the grace period to finish, then every connection is closed. Safe to call more than once.
   */
  shutdown(): Promise<ShutdownReport>;
}

function reply(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers });
  res.end(`${text}\n`);
}

/**
 * Runs the app on its own `node:http` server, with Probot's webhook middleware (signature verification) and the
 * app's routes. Compared with `probot run` it bounds webhook bodies before buffering them (413 above the limit),
 * logs probe requests at debug and never a request body, and shuts down cleanly (see {@link RunningServer.shutdown}).
 */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = options.log;
  const probot = new Probot({
    appId: options.appId,
    privateKey: options.privateKey,
    secret: options.webhookSecret,
    log,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.Octokit ? { Octokit: options.Octokit } : {}),
  });
  const routes: Array<(req: IncomingMessage, res: ServerResponse) => boolean | void | Promise<boolean | void>> = [];
  let handles: AppHandles | undefined;
  await probot.load(createApp({ ...options.app, onReady: (h) => (handles = h) }), {
    cwd: process.cwd(),
    addHandler: (handler) => routes.push(handler),
  });
  if (!handles) throw new Error("server: the app did not start");
  const app = handles;
  const webhooks = await probot.getNodeMiddleware({ path: WEBHOOK_PATH });
  const limit = options.maxBodyBytes ?? MAX_WEBHOOK_BODY_BYTES;
  const httpLog = log.child({ name: "http" });
  let stopping = false;
  // Webhook requests being handled: shutdown waits for them too (a delivery is read and verified before its run starts).
  const webhooksInFlight = new Set<Promise<unknown>>();

  const handle = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    if (path === WEBHOOK_PATH && req.method === "POST") {
      if (stopping) return reply(res, 503, "shutting down", { connection: "close", "retry-after": "5" });
      const read = await readBodyWithLimit(req, limit, options.onBodyBuffered);
      if (!read.ok) {
        if (read.reason === "too-large") reply(res, 413, `payload too large: webhook bodies are limited to ${limit} bytes`, { connection: "close" });
        return;
      }
      // @octokit/webhooks' middleware reads a string `body` instead of the stream (as behind Express).
      (req as IncomingMessage & { body?: string }).body = read.body.toString("utf8");
      const delivery = webhooks(req, res);
      webhooksInFlight.add(delivery);
      try {
        await delivery;
      } finally {
        webhooksInFlight.delete(delivery);
      }
      return;
    }
    for (const route of routes) if (await route(req, res)) return;
    reply(res, 404, "not found");
  };

  const server: HttpServer = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?", 1)[0] ?? "/";
    res.once("finish", () => {
      const entry = { method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - started) };
      if (QUIET_PATHS.has(path)) httpLog.debug(entry, "request served");
      else httpLog.info(entry, "request served");
    });
    handle(req, res, path).catch((error: unknown) => {
      httpLog.error({ err: error, method: req.method, path }, "request failed");
      reply(res, 500, "internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 3000, options.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  log.info({ url, webhookPath: WEBHOOK_PATH }, "listening");

  let shuttingDown: Promise<ShutdownReport> | undefined;
  const shutdown = (): Promise<ShutdownReport> => {
    shuttingDown ??= (async () => {
      stopping = true;
      log.info("shutting down: no new webhooks, waiting for runs in flight");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const graceMs = options.shutdownGraceMs ?? SHUTDOWN_GRACE_MS;
      const deadline = performance.now() + graceMs;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...webhooksInFlight]),
        new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(timer);
      const report = await app.shutdown(Math.max(0, deadline - performance.now()));
      server.closeAllConnections();
      await closed;
      if (report.abandoned > 0) log.warn({ abandoned: report.abandoned }, "shutdown: runs abandoned after the grace period; the sweep repairs them");
      log.info("shut down");
      return report;
    })();
    return shuttingDown;
  };
  return { url, handles: app, shutdown };
}
