import { describe, expect, it } from "vitest";
import { ISSUE_TO_PR_BUCKETS, createMetrics } from "../../src/observability/metrics.js";

describe("createMetrics", () => {
  it("gives each app its own registry so two apps never share counts", async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.webhooksReceived.inc({ event: "issues.opened" });
    a.webhooksReceived.inc({ event: "issues.opened" });
    expect((await a.webhooksReceived.get()).values[0]?.value).toBe(2);
    expect((await b.webhooksReceived.get()).values).toEqual([]);
    expect(a.registry).not.toBe(b.registry);
  });

  it("exposes every app metric under the onboarding_ prefix with its labels", async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.webhooksReceived.inc({ event: "issues.opened" });
    m.webhooksSkipped.inc({ reason: "duplicate-delivery" });
    m.requestsValidated.inc({ outcome: "invalid" });
    m.requestsRejected.inc({ field: "namespaces" });
    m.pullRequests.inc({ action: "opened" });
    m.commands.inc({ verb: "approve", outcome: "accepted" });
    m.reconcileRuns.inc({ outcome: "ok" });
    m.reconcileItems.inc({ kind: "issue", outcome: "unchanged" });
    m.inFlight.inc();
    m.issueToPrSeconds.observe(0.3);
    const text = await m.registry.metrics();
    for (const line of [
      'onboarding_webhooks_received_total{event="issues.opened"} 1',
      'onboarding_webhooks_skipped_total{reason="duplicate-delivery"} 1',
      'onboarding_requests_validated_total{outcome="invalid"} 1',
      'onboarding_requests_rejected_total{field="namespaces"} 1',
      'onboarding_pull_requests_total{action="opened"} 1',
      'onboarding_commands_total{verb="approve",outcome="accepted"} 1',
      'onboarding_reconcile_runs_total{outcome="ok"} 1',
      'onboarding_reconcile_items_total{kind="issue",outcome="unchanged"} 1',
      "onboarding_handlers_in_flight 1",
      'onboarding_issue_to_pr_seconds_bucket{le="0.25"} 0',
      'onboarding_issue_to_pr_seconds_bucket{le="0.5"} 1',
      "onboarding_issue_to_pr_seconds_count 1",
    ]) {
      expect(text).toContain(line);
    }
  });

  it("buckets issue-to-PR time from 50 ms to 60 s", () => {
    expect(ISSUE_TO_PR_BUCKETS[0]).toBe(0.05);
    expect(ISSUE_TO_PR_BUCKETS.at(-1)).toBe(60);
    expect([...ISSUE_TO_PR_BUCKETS].sort((x, y) => x - y)).toEqual(ISSUE_TO_PR_BUCKETS);
  });

  it("adds Node process metrics under their standard names, so stock dashboards match them", async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toMatch(/^onboarding_(process|nodejs)_/m);
  });
});
