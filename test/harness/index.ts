/** Test harness: Probot wired to the GitHub simulator, webhook delivery helpers, log capture, network guard. */
export { createTestProbot, probotReady, TestOctokit, type TestProbotOptions } from "./create-test-probot.js";
export { deliver, deliverAll, unwrapError, type DeliverAllOptions, type DeliverAllResult } from "./deliver.js";
export { expectNoViolations } from "./expect-no-violations.js";
export { createCaptureLogger, type LogLevelName, type LogRecord } from "./capture-logger.js";
export { allowOnlyLoopback, restoreNetwork } from "./network.js";
export { mulberry32, shuffled } from "./mulberry32.js";
export { testPrivateKey } from "./test-key.js";
export { useSimulator, type SimulatorFixture, type UseSimulatorOptions } from "./use-simulator.js";
