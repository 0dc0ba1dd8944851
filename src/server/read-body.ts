import type { IncomingMessage } from "node:http";

/**
 * Largest webhook body accepted: 1 MiB. The events the app handles carry at most two user texts (an issue or pull
 * request body and a comment or review body), each at most 65,536 characters on GitHub, so at most about 400 KB
 * of UTF-8 even in scripts of three or four bytes per character, plus some 30 KB of repository and user objects.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/** The result of {@link readBodyWithLimit}. */
export type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: "too-large" | "aborted" };

/**
 * Reads a request body into memory, but never more than `limit` bytes: a declared `Content-Length` above the limit
 * is refused before a byte is read, and a body that grows past it (chunked, or lying about its length) is refused at
 * the chunk that crosses it, which is dropped. `onBuffered` sees the bytes held after each chunk (tests assert it
 * never exceeds the limit). After a refusal the rest of the body is discarded as it arrives.
 */
export function readBodyWithLimit(req: IncomingMessage, limit: number, onBuffered?: (bytes: number) => void): Promise<BodyRead> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.resolve({ ok: false, reason: "too-large" });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyRead): void => {
      if (done) return;
      done = true;
      req.off("data", onData);
      if (!result.ok) {
        chunks.length = 0;
        req.resume();
      }
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      if (size + chunk.length > limit) {
        finish({ ok: false, reason: "too-large" });
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
      onBuffered?.(size);
    };
    req.on("data", onData);
    req.once("end", () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
    req.once("error", () => finish({ ok: false, reason: "aborted" }));
    req.once("close", () => finish({ ok: false, reason: "aborted" }));
  });
}
