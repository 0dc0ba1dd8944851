import type { Probot } from "probot";
import type { GitHubSimulator, SimEvent } from "../simulator/index.js";
import { probotReady } from "./create-test-probot.js";
import { mulberry32, shuffled } from "./mulberry32.js";

/** The first underlying error of Probot's `AggregateError`, or the error itself. */
export function unwrapError(error: unknown): unknown {
  if (error instanceof AggregateError && error.errors.length > 0) return error.errors[0];
  return error;
}

/** Delivers one webhook event to `probot` (like GitHub POSTing it), rethrowing the handler's first error. */
export async function deliver(probot: Probot, event: SimEvent): Promise<void> {
  await probotReady(probot);
  try {
    await probot.receive({ id: event.id, name: event.name, payload: event.payload } as Parameters<Probot["receive"]>[0]);
  } catch (error) {
    throw unwrapError(error);
  }
}

/** Options of {@link deliverAll}. */
export interface DeliverAllOptions {
  /** Shuffle each round's deliveries; a number is the shuffle seed (`true` uses `seed`). */
  shuffle?: boolean | number;
  /** Deliver every event this many times (GitHub redelivers with the same delivery id). Default 1. */
  times?: number;
  /** Probability of dropping each delivery, 0–1 (uses the seeded PRNG). Default 0. */
  dropRate?: number;
  /** Seed for dropping, shuffling and picking replicas. Default 1. */
  seed?: number;
  /** Deliver a round's events concurrently (default) or one after another. */
  concurrent?: boolean;
  /** Give up (throw) when events keep coming after this many rounds. Default 25. */
  maxRounds?: number;
  /** Collect handler errors in the result instead of throwing the first one. */
  tolerateErrors?: boolean;
}

/** What {@link deliverAll} did. */
export interface DeliverAllResult {
  rounds: number;
  delivered: SimEvent[];
  dropped: SimEvent[];
  errors: unknown[];
}

/**
 * Drains `sim.takeEvents()` and delivers the events, round after round until the simulator is quiet (handlers'
 * requests cause more events). Each delivery goes to one of `probots` (picked with the seeded PRNG, like replicas
 * behind a load balancer). Optionally duplicates, shuffles and drops deliveries, reproducibly from `seed`.
 */
export async function deliverAll(
  sim: GitHubSimulator,
  probots: Probot | Probot[],
  opts: DeliverAllOptions = {},
): Promise<DeliverAllResult> {
  const replicas = Array.isArray(probots) ? probots : [probots];
  if (replicas.length === 0) throw new Error("deliverAll: needs at least one Probot instance");
  const random = mulberry32(opts.seed ?? 1);
  const shuffleRandom = typeof opts.shuffle === "number" ? mulberry32(opts.shuffle) : random;
  const times = opts.times ?? 1;
  const maxRounds = opts.maxRounds ?? 25;
  const result: DeliverAllResult = { rounds: 0, delivered: [], dropped: [], errors: [] };
  for (;;) {
    const events = sim.takeEvents();
    if (events.length === 0) break;
    if (result.rounds >= maxRounds) {
      throw new Error(`deliverAll: still receiving events after ${maxRounds} rounds (${events.map((e) => e.name).join(", ")}); is a handler looping?`);
    }
    result.rounds += 1;
    let deliveries = events.flatMap((e) => Array.from({ length: times }, () => e));
    if (opts.shuffle !== undefined && opts.shuffle !== false) deliveries = shuffled(deliveries, shuffleRandom);
    const kept: Array<{ event: SimEvent; probot: Probot }> = [];
    for (const event of deliveries) {
      if ((opts.dropRate ?? 0) > 0 && random() < (opts.dropRate ?? 0)) {
        result.dropped.push(event);
        continue;
      }
      kept.push({ event, probot: replicas[Math.floor(random() * replicas.length)] as Probot });
    }
    const run = async ({ event, probot }: { event: SimEvent; probot: Probot }): Promise<void> => {
      try {
        await deliver(probot, event);
      } catch (error) {
        result.errors.push(error);
      }
      result.delivered.push(event);
    };
    if (opts.concurrent === false) for (const d of kept) await run(d);
    else await Promise.all(kept.map(run));
  }
  if (!opts.tolerateErrors && result.errors.length > 0) throw result.errors[0];
  return result;
}
