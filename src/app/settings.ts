import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** Environment variables of the app (as opposed to the per-repository configuration file). */
export const settingsSchema = z.object({
  DRY_RUN: flag.describe("Force dry-run for every repository: validate, render, show the diff, write nothing to GitOps repositories."),
  SWEEP_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400)
    .default(300)
    .describe(
      "Run the reconciliation sweep every N seconds (default 300; 0: never, the sweep can still be run by hand). GitHub does not redeliver failed webhooks by itself: the sweep is what repairs them.",
    ),
  MAX_CONCURRENT_REQUESTS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(8)
    .describe("Requests handled at once by this process; bounds memory and concurrent GitHub calls (about 8 each)."),
  SWEEP_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4).describe("Requests reconciled at once by one sweep."),
  SWEEP_MAX_WRITES: z.coerce.number().int().min(1).max(100_000).default(500).describe("Writes after which a sweep stops starting new requests."),
  RECONCILE_SECRET: z.string().min(16).optional().describe("Bearer secret of `POST /reconcile`; unset disables the route."),
});

export type Settings = {
  dryRun: boolean;
  sweepIntervalSeconds: number;
  sweepConcurrency: number;
  maxConcurrentRequests: number;
  sweepMaxWrites: number;
  reconcileSecret: string | undefined;
};

/** Reads the settings from the environment; a bad value throws an error that names the variable (never its value). */
export function settingsFromEnv(env: NodeJS.ProcessEnv): Settings {
  const result = settingsSchema.safeParse({
    DRY_RUN: env.DRY_RUN,
    // An empty variable means "unset" (as for RECONCILE_SECRET), not 0: `z.coerce.number` would read "" as 0.
    SWEEP_INTERVAL_SECONDS: env.SWEEP_INTERVAL_SECONDS || undefined,
    SWEEP_CONCURRENCY: env.SWEEP_CONCURRENCY || undefined,
    MAX_CONCURRENT_REQUESTS: env.MAX_CONCURRENT_REQUESTS || undefined,
    SWEEP_MAX_WRITES: env.SWEEP_MAX_WRITES || undefined,
    RECONCILE_SECRET: env.RECONCILE_SECRET || undefined,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`settings: environment variable ${String(issue?.path[0])} is invalid: ${issue?.message ?? "unknown problem"}`);
  }
  const s = result.data;
  return {
    dryRun: s.DRY_RUN,
    sweepIntervalSeconds: s.SWEEP_INTERVAL_SECONDS,
    sweepConcurrency: s.SWEEP_CONCURRENCY,
    maxConcurrentRequests: s.MAX_CONCURRENT_REQUESTS,
    sweepMaxWrites: s.SWEEP_MAX_WRITES,
    reconcileSecret: s.RECONCILE_SECRET,
  };
}
