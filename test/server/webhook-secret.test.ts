import { Probot } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/index.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { createCaptureLogger, testPrivateKey } from "../harness/index.js";

/** Loads createApp into a Probot with `secret` (undefined: Probot's default), outside NODE_ENV=test. */
async function load(secret: string | undefined, options: Parameters<typeof createApp>[0] = {}): Promise<void> {
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("SUPPORT_REPOSITORIES", "operate-first/support");
  vi.stubEnv("GITOPS_REPOSITORY", "operate-first/apps");
  const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), log: createCaptureLogger().logger, ...(secret === undefined ? {} : { secret }) });
  await probot.load(createApp({ metrics: createMetrics({ defaultMetrics: false }), settings: { sweepIntervalSeconds: 0 }, ...options }), {
    cwd: process.cwd(),
    addHandler: () => undefined,
  });
}

describe("createApp refuses an insecure WEBHOOK_SECRET outside tests", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it.each([
    ["unset", undefined],
    ["empty", ""],
    ["Probot's public default", "development"],
  ])("throws an error naming WEBHOOK_SECRET when the secret is %s", async (_what, secret) => {
    await expect(load(secret)).rejects.toThrow(/WEBHOOK_SECRET is unset, empty or Probot's public default 'development'/);
  });

  it("loads with a real secret, and never puts the secret in the error", async () => {
    await expect(load("s3cr3t-for-this-app")).resolves.toBeUndefined();
    const error = await load("development").catch((e: unknown) => e as Error);
    expect(String(error)).toContain("WEBHOOK_SECRET");
  });

  it("does not ask a one-off sweep that serves no HTTP for a secret", async () => {
    await expect(load(undefined, { receivesWebhooks: false })).resolves.toBeUndefined();
  });

  it("accepts Probot's default under NODE_ENV=test, where the test suite signs with it", async () => {
    vi.stubEnv("NODE_ENV", "test");
    const probot = new Probot({ appId: 1, privateKey: testPrivateKey(), log: createCaptureLogger().logger });
    await expect(
      probot.load(createApp({ metrics: createMetrics({ defaultMetrics: false }), settings: { sweepIntervalSeconds: 0 } }), { cwd: process.cwd(), addHandler: () => undefined }),
    ).resolves.toBeUndefined();
  });
});
