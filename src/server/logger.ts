import { Transform, type Writable } from "node:stream";
import { getTransformStream } from "@probot/pino";
import { pino, stdSerializers } from "pino";
import type { Logger } from "probot";

/** Error properties that may carry a webhook payload, request or response bodies, or headers: never logged. */
const UNSAFE_ERROR_KEYS = new Set(["event", "payload", "request", "response", "headers", "body", "data", "rawBody"]);
const MAX_MESSAGE = 500;

/**
 * The pino `err` serializer of the app: type, message, stack, HTTP status, code and nested errors (for an
 * `AggregateError`), never the properties Octokit and @octokit/webhooks attach to errors (`event` carries the whole
 * webhook payload, `request` and `response` carry bodies and headers).
 */
export function safeErrorSerializer(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    // Already-described errors (`describeError`) are plain objects: keep their flat fields, nothing nested.
    if (error === null || typeof error !== "object") return { type: typeof error, message: String(error).slice(0, MAX_MESSAGE) };
    return Object.fromEntries(Object.entries(error).filter(([key, value]) => !UNSAFE_ERROR_KEYS.has(key) && (value === null || typeof value !== "object")));
  }
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(serialized)) {
    if (UNSAFE_ERROR_KEYS.has(key) || key === "aggregateErrors" || key === "cause") continue;
    if (value !== null && typeof value === "object") continue;
    out[key] = key === "message" && typeof value === "string" ? value.slice(0, MAX_MESSAGE) : value;
  }
  if (error instanceof AggregateError) out.errors = error.errors.slice(0, 10).map((e) => safeErrorSerializer(e));
  if (error.cause !== undefined) out.cause = safeErrorSerializer(error.cause);
  return out;
}

/**
 * Re-serializes each JSON log line. pino writes a child's bindings after its parent's, and Probot names its
 * loggers at several levels (`probot`, then `event`, `github`, `http`), so a line would carry `name` twice; parsing
 * keeps the innermost value and the output has each key once.
 */
export function dedupeKeysStream(): Transform {
  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const lines = chunk.toString().split("\n").filter((line) => line.trim() !== "");
      let out = "";
      for (const line of lines) {
        try {
          out += `${JSON.stringify(JSON.parse(line))}\n`;
        } catch {
          out += `${line}\n`;
        }
      }
      callback(null, out);
    },
  });
}

/** `LOG_FORMAT` as a {@link LoggerOptions.format}; unset or unknown leaves the default. */
export function logFormat(env: NodeJS.ProcessEnv): { format?: "json" | "pretty" } {
  return env.LOG_FORMAT === "json" || env.LOG_FORMAT === "pretty" ? { format: env.LOG_FORMAT } : {};
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level name; default `info`. */
  level?: string;
  /** `json` (one object per line) or `pretty` (for a terminal); default `json` in production, else `pretty`. */
  format?: "json" | "pretty";
  /** Where lines go; default stdout. */
  destination?: Writable;
}

/**
 * The app's logger: pino as Probot's own, with {@link safeErrorSerializer} for errors (so Probot's default error
 * handler, which logs a failed handler's error with the whole webhook payload attached, logs no payload) and no
 * root `name` (Probot's child loggers name themselves; see {@link dedupeKeysStream}).
 */
export async function createLogger(options: LoggerOptions = {}): Promise<Logger> {
  const format = options.format ?? (process.env.NODE_ENV === "production" ? "json" : "pretty");
  const dedupe = dedupeKeysStream();
  let tail: NodeJS.ReadWriteStream = dedupe;
  if (format === "pretty") {
    const pretty = await getTransformStream({ logFormat: "pretty" });
    tail = dedupe.pipe(pretty);
  }
  tail.pipe(options.destination ?? process.stdout);
  return pino(
    {
      level: options.level ?? "info",
      messageKey: "msg",
      serializers: { err: safeErrorSerializer },
    },
    dedupe,
  ) as unknown as Logger;
}
