import { format } from "node:util";
import type { Logger } from "probot";

/** Pino's level names, plus `silent`. */
export type LogLevelName = "trace" | "debug" | "info" | "warn" | "error" | "fatal" | "silent";

/** One captured log line, flattened like pino's JSON output: level, message, child bindings and merged data. */
export type LogRecord = { level: Exclude<LogLevelName, "silent">; msg: string } & Record<string, unknown>;

const LEVELS: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };

/**
 * A minimal pino-compatible logger (the methods Probot and Octokit call: the six levels, `child`, `bindings`,
 * `isLevelEnabled`) that appends records to `records` instead of writing anywhere. With `level: "silent"` it records
 * nothing, which keeps tests quiet and fast.
 */
export function createCaptureLogger(opts: { level?: LogLevelName; records?: LogRecord[] } = {}): { logger: Logger; records: LogRecord[] } {
  const records = opts.records ?? [];
  const level = opts.level ?? "info";
  const threshold = LEVELS[level];
  const make = (bindings: Record<string, unknown>): Record<string, unknown> => {
    const write =
      (name: Exclude<LogLevelName, "silent">) =>
      (first?: unknown, ...rest: unknown[]): void => {
        if (LEVELS[name] < threshold) return;
        if (first !== null && typeof first === "object") {
          const data = first instanceof Error ? { err: first } : (first as Record<string, unknown>);
          const msg = rest.length > 0 ? format(...rest) : first instanceof Error ? first.message : "";
          records.push({ ...bindings, ...data, level: name, msg });
        } else {
          records.push({ ...bindings, level: name, msg: format(first, ...rest) });
        }
      };
    return {
      level,
      trace: write("trace"),
      debug: write("debug"),
      info: write("info"),
      warn: write("warn"),
      error: write("error"),
      fatal: write("fatal"),
      silent: () => undefined,
      child: (more: Record<string, unknown>) => make({ ...bindings, ...more }),
      bindings: () => ({ ...bindings }),
      isLevelEnabled: (name: LogLevelName) => LEVELS[name] >= threshold,
      flush: () => undefined,
    };
  };
  return { logger: make({}) as unknown as Logger, records };
}
