import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics } from "./metrics.js";

/**
 * A Probot 14 `addHandler` handler. Probot's server calls its handlers in order and stops at the first that returns
 * `true`; a handler returns `false` for requests it does not own so the next one (finally Probot's 404) answers.
 */
export type Handler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** The slice of a pino / Probot logger the routes use to report a failed background sweep. */
export interface RoutesLogger {
  error(obj: object, msg?: string): void;
}

/** Options of {@link createHttpHandler}. */
export interface HttpRoutesOptions {
  metrics: Metrics;
  /**
   * Whether the app can serve webhooks now (not shutting down, GitHub reachable with the app's credentials); drives
   * `/readyz`. A reason, when given, is the body of the 503 answer.
   */
  isReady: () => boolean | { ready: boolean; reason: string };
  /**
   * Enables `POST /reconcile`. Without it, or with an empty secret, the route answers 404 so it cannot be probed.
   * `run` starts one reconciliation sweep; it runs in the background after the 202 answer.
   */
  reconcile?: { secret: string; run: () => Promise<unknown> };
  /** Where a failed background sweep is reported. */
  log?: RoutesLogger;
}

/** Paths the handler owns; every other path is left to Probot. */
export const ROUTES = {
  health: "/healthz",
  ready: "/readyz",
  metrics: "/metrics",
  reconcile: "/reconcile",
} as const;

const TEXT = "text/plain; charset=utf-8";

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, head = false): true {
  res.writeHead(status, {
    "content-type": TEXT,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...headers,
  });
  res.end(head ? undefined : body);
  return true;
}

function sha256(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Compares a presented bearer token with the configured secret in constant time. Both sides are hashed first so
 * `timingSafeEqual` always sees equal-length buffers and the comparison does not reveal the secret's length.
 */
function bearerMatches(header: string | undefined, expectedDigest: Buffer): boolean {
  if (typeof header !== "string") return false;
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(header.trim());
  const token = match?.[1];
  if (token === undefined) return false;
  return timingSafeEqual(sha256(token), expectedDigest);
}

/**
 * Creates the handler for the operational routes:
 * - `GET /healthz` → 200 `ok` while the process serves HTTP (liveness);
 * - `GET /readyz` → 200 when `isReady()` is true, else 503 (readiness);
 * - `GET /metrics` → the registry in Prometheus text format;
 * - `POST /reconcile` with `Authorization: Bearer <secret>` → 202 and one sweep in the background; 401 on a missing
 *   or wrong token, 409 while a sweep started here is still running, 404 when no secret is configured.
 * `HEAD` works wherever `GET` does; other methods get 405 with an `Allow` header.
 */
export function createHttpHandler(opts: HttpRoutesOptions): Handler {
  const { metrics, isReady, log } = opts;
  const reconcile = opts.reconcile && opts.reconcile.secret !== "" ? opts.reconcile : undefined;
  const secretDigest = reconcile ? sha256(reconcile.secret) : undefined;
  let sweepRunning = false;

  return async (req, res) => {
    const path = (req.url ?? "/").split("?", 1)[0];
    const method = req.method ?? "GET";
    const head = method === "HEAD";
    const readOnly = method === "GET" || head;

    switch (path) {
      case ROUTES.health:
        if (!readOnly) return send(res, 405, "method not allowed: use GET\n", { allow: "GET, HEAD" });
        return send(res, 200, "ok\n", {}, head);

      case ROUTES.ready: {
        if (!readOnly) return send(res, 405, "method not allowed: use GET\n", { allow: "GET, HEAD" });
        let ready = false;
        let reason = "";
        try {
          const state = isReady();
          ready = typeof state === "boolean" ? state : state.ready === true;
          if (typeof state === "object" && !state.ready) reason = `: ${state.reason}`;
        } catch {
          ready = false;
        }
        return ready ? send(res, 200, "ready\n", {}, head) : send(res, 503, `not ready${reason}\n`, {}, head);
      }

      case ROUTES.metrics: {
        if (!readOnly) return send(res, 405, "method not allowed: use GET\n", { allow: "GET, HEAD" });
        let body: string;
        try {
          body = await metrics.registry.metrics();
        } catch (error) {
          log?.error({ err: error }, "observability/http-routes: collecting metrics failed");
          return send(res, 500, "collecting metrics failed\n");
        }
        return send(res, 200, body, { "content-type": metrics.registry.contentType }, head);
      }

      case ROUTES.reconcile: {
        // Drain any body: it is never read, but an unread body would keep the connection busy.
        req.resume();
        if (!reconcile || !secretDigest) return send(res, 404, "not found\n");
        if (method !== "POST") return send(res, 405, "method not allowed: use POST\n", { allow: "POST" });
        if (!bearerMatches(req.headers.authorization, secretDigest)) {
          return send(res, 401, "unauthorized: send 'Authorization: Bearer <RECONCILE_SECRET>'\n", {
            "www-authenticate": 'Bearer realm="reconcile"',
          });
        }
        if (sweepRunning) return send(res, 409, "a reconciliation sweep is already running\n");
        sweepRunning = true;
        void Promise.resolve()
          .then(() => reconcile.run())
          .catch((error: unknown) => log?.error({ err: error }, "observability/http-routes: reconciliation sweep failed"))
          .finally(() => {
            sweepRunning = false;
          });
        return send(res, 202, "reconciliation sweep started\n");
      }

      default:
        return false;
    }
  };
}
