import type { RecordedCall } from "../test/simulator/index.js";

/**
 * The longest chain of calls in which each call started after the previous one ended: the calls a run had to make
 * one after another, whatever it overlapped. With latency on, that is the number of round trips the run waited for.
 * Returns the chain, oldest first. `slackMs` absorbs clock jitter between "ended" and "started" (default 0).
 */
export function criticalPath(calls: readonly RecordedCall[], slackMs = 0): RecordedCall[] {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const length = new Array<number>(sorted.length).fill(1);
  const previous = new Array<number>(sorted.length).fill(-1);
  for (let i = 0; i < sorted.length; i++) {
    const call = sorted[i] as RecordedCall;
    for (let j = 0; j < i; j++) {
      const before = sorted[j] as RecordedCall;
      if (before.endedAt <= call.startedAt + slackMs && (length[j] as number) + 1 > (length[i] as number)) {
        length[i] = (length[j] as number) + 1;
        previous[i] = j;
      }
    }
  }
  let end = -1;
  for (let i = 0; i < sorted.length; i++) if (end === -1 || (length[i] as number) > (length[end] as number)) end = i;
  const chain: RecordedCall[] = [];
  for (let i = end; i !== -1; i = previous[i] as number) chain.unshift(sorted[i] as RecordedCall);
  return chain;
}

/** A compact description of a chain: `issues/get > repos/get-commit > …`. */
export function describeChain(chain: readonly RecordedCall[]): string {
  return chain.map((c) => c.operationId ?? `${c.method} ${c.path}`).join(" > ");
}

/**
 * The calls grouped by round: a call's round is the length of the longest sequential chain ending with it, so
 * round 1 is what started at once, round 2 what had to wait for something of round 1, and so on.
 */
export function rounds(calls: readonly RecordedCall[]): RecordedCall[][] {
  const sorted = [...calls].sort((a, b) => a.startedAt - b.startedAt);
  const level = new Array<number>(sorted.length).fill(1);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      if ((sorted[j] as RecordedCall).endedAt <= (sorted[i] as RecordedCall).startedAt) {
        level[i] = Math.max(level[i] as number, (level[j] as number) + 1);
      }
    }
  }
  const out: RecordedCall[][] = [];
  sorted.forEach((call, i) => {
    const l = (level[i] as number) - 1;
    (out[l] ??= []).push(call);
  });
  return out;
}

/** `1: issues/get, repos/get-content | 2: …` with repeated operations counted (`git/get-blob×2`). */
export function describeRounds(byRound: readonly RecordedCall[][]): string {
  return byRound
    .map((calls, i) => {
      const counts = new Map<string, number>();
      for (const c of calls) {
        const name = c.operationId ?? `${c.method} ${c.path}`;
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      const names = [...counts].map(([name, n]) => (n > 1 ? `${name}×${n}` : name));
      return `${i + 1}: ${names.join(", ")}`;
    })
    .join(" | ");
}
