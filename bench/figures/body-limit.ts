import { TRUST_SETTINGS } from "../../test/helpers/world.js";
import { request } from "node:http";
import { Writable } from "node:stream";
import { createLogger } from "../../src/server/logger.js";
import { MAX_WEBHOOK_BODY_BYTES } from "../../src/server/read-body.js";
import { startServer, WEBHOOK_PATH } from "../../src/server/start-server.js";
import { testPrivateKey } from "../../test/harness/test-key.js";
import { atMost, figure } from "../report.js";

const MB = 1024 * 1024;

/** POSTs an unsigned 100 MB body (declared, or chunked) and resolves with the status the server answered. */
function post100MB(url: string, chunked: boolean): Promise<number | undefined> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { "content-type": "application/json", "x-github-event": "issues", "x-github-delivery": "bench" };
    if (!chunked) headers["content-length"] = 100 * MB;
    const req = request(`${url}${WEBHOOK_PATH}`, { method: "POST", headers });
    const chunk = Buffer.alloc(MB, "x");
    let sent = 0;
    let done = false;
    req.on("response", (res) => {
      res.resume();
      done = true;
      req.destroy();
      resolve(res.statusCode);
    });
    req.on("error", () => {
      if (!done) resolve(undefined);
    });
    const pump = (): void => {
      while (!done && sent < 100) {
        sent++;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      if (!done) req.end();
    };
    pump();
  });
}

/** Figure: the server's RSS while unsigned 100 MB webhook bodies are refused (before: 389 MB peak). */
export async function bodyLimitMemory(): Promise<void> {
  const log = await createLogger({ level: "silent", format: "json", destination: new Writable({ write: (_c, _e, cb) => cb() }) });
  const server = await startServer({
    appId: 1,
    privateKey: testPrivateKey(),
    webhookSecret: "bench-webhook-secret",
    log,
    baseUrl: "http://127.0.0.1:9",
    host: "127.0.0.1",
    port: 0,
    app: { settings: { sweepIntervalSeconds: 0, ...TRUST_SETTINGS } },
  });
  try {
    const idle = process.memoryUsage().rss;
    let peak = idle;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const statuses = [await post100MB(server.url, false), await post100MB(server.url, true)];
    clearInterval(sampler);
    figure("unsigned 100 MB webhook body (declared / chunked): answer", statuses.map((s) => s ?? "reset").join(" / "), "", {
      text: `413 / 413 (limit ${MAX_WEBHOOK_BODY_BYTES / MB} MiB)`,
      met: statuses.every((s) => s === 413),
    });
    figure("unsigned 100 MB webhook body: RSS growth over idle", Math.round(((peak - idle) / MB) * 10) / 10, "MB", atMost(10, "MB", (peak - idle) / MB));
  } finally {
    await server.shutdown();
  }
}
