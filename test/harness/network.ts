import nock from "nock";

/**
 * Forbids every outgoing connection except loopback (where the simulator listens), so a test can never reach the
 * real GitHub. Call in `beforeAll`; undo with {@link restoreNetwork}.
 */
export function allowOnlyLoopback(): void {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
}

/** Re-allows outgoing connections and drops any pending nock interceptors. */
export function restoreNetwork(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}
