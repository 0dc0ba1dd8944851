/**
 * Runs the burst figure in a fresh process (forked by `run.ts`), so the app's RSS is not inflated by what earlier
 * figures allocated. Prints its lines and sends them to the parent when done.
 */
import { burst } from "./figures/burst.js";
import { printed } from "./report.js";

const SERVERS = {
  // GitHub's API edge holds idle keep-alive connections far longer than Node's 5 s default, and accepts more than
  // 511 pending connections.
  tuned: { label: "sim keep-alive 65 s, backlog 4096", keepAliveTimeoutMs: 65_000, backlog: 4096 },
  defaults: { label: "sim with Node http defaults (keep-alive 5 s, backlog 511)" },
} as const;

const variant = process.argv[2] === "defaults" ? "defaults" : "tuned";
const count = Number(process.argv[3] ?? 500);

burst(count, SERVERS[variant]).then(
  () => {
    process.send?.({ printed });
    process.exit(0);
  },
  (error: unknown) => {
    console.error(`bench: burst: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.send?.({ printed });
    process.exit(1);
  },
);
