import { fork, type ChildProcess } from "node:child_process";
import { sourceUrl } from "./compiled-app.js";
import type { RecordedCall, SimComment, SimEvent, SimPull } from "../test/simulator/index.js";

/** A request to the simulator process (see `sim-host.ts`). */
export type HostRequest =
  | { kind: "start"; latencyMs: number; keepAliveTimeoutMs?: number; backlog?: number }
  | { kind: "close" }
  | { kind: "call"; name: string; args: unknown[] }
  | { kind: "get"; name: string }
  | { kind: "set"; name: string; value: unknown }
  | { kind: "calls-since"; from: number }
  | { kind: "deliver"; url: string; secret: string; maxRounds: number }
  | { kind: "usage" };

/** One webhook delivery's HTTP outcome (status 0: no answer). */
export interface DeliveryResult {
  event: string;
  status: number;
  startedAt: number;
  endedAt: number;
}

/** The simulator process's answer to one request. */
export type HostReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

type Pending = Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;

/**
 * The GitHub simulator running in a child process (forked without a shell), with the part of its API the benchmark
 * uses. Call times are converted to this process's `performance.now()` clock, so they compare with local timings.
 */
export class RemoteSim {
  readonly url: string;
  readonly #child: ChildProcess;
  readonly #offset: number;
  readonly #pending: Pending;

  private constructor(child: ChildProcess, pending: Pending, url: string, offset: number) {
    this.#child = child;
    this.#pending = pending;
    this.url = url;
    this.#offset = offset;
  }

  /**
   * Forks `sim-host.ts` and starts a simulator there with `latencyMs` added to every response (and the server's
   * keep-alive timeout and listen backlog, when given).
   */
  static async start(latencyMs = 0, server: { keepAliveTimeoutMs?: number; backlog?: number } = {}): Promise<RemoteSim> {
    // From the sources even when the harness runs compiled (see compiled-app.ts): only the app is measured.
    const child = fork(sourceUrl("bench/sim-host.ts"), [], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const pending: Pending = new Map();
    child.on("message", (reply: HostReply) => {
      const waiter = pending.get(reply.id);
      if (!waiter) return;
      pending.delete(reply.id);
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    });
    child.on("exit", (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`remote-sim: the simulator process exited (${String(code)})`));
      pending.clear();
    });
    const started = (await send(child, pending, { kind: "start", latencyMs, ...server })) as { url: string; timeOrigin: number };
    return new RemoteSim(child, pending, started.url, started.timeOrigin - performance.timeOrigin);
  }

  #send(request: HostRequest): Promise<unknown> {
    return send(this.#child, this.#pending, request);
  }

  /** Calls a seeding, acting or inspection method of the simulator (see `sim-host.ts` for the allowed ones). */
  call<T = unknown>(name: string, ...args: unknown[]): Promise<T> {
    return this.#send({ kind: "call", name, args }) as Promise<T>;
  }

  addInstallation(id: number, account: string): Promise<void> {
    return this.call("addInstallation", id, account);
  }
  addUser(login: string): Promise<void> {
    return this.call("addUser", login);
  }
  addTeam(org: string, slug: string, members: string[]): Promise<void> {
    return this.call("addTeam", org, slug, members);
  }
  addRepo(fullName: string, opts: { files: Record<string, string>; installationId?: number }): Promise<void> {
    return this.call("addRepo", fullName, opts);
  }
  openIssue(repo: string, opts: { author: string; title: string; body: string; labels?: string[] }): Promise<number> {
    return this.call("openIssue", repo, opts);
  }
  comment(repo: string, number: number, author: string, body: string): Promise<number> {
    return this.call("comment", repo, number, author, body);
  }
  comments(repo: string, number: number): Promise<SimComment[]> {
    return this.call("comments", repo, number);
  }
  takeEvents(): Promise<SimEvent[]> {
    return this.call("takeEvents");
  }
  pulls(repo: string): Promise<SimPull[]> {
    return this.call("pulls", repo);
  }
  branches(repo: string): Promise<string[]> {
    return this.call("branches", repo);
  }
  listFiles(repo: string, ref: string): Promise<string[]> {
    return this.call("listFiles", repo, ref);
  }
  readFile(repo: string, ref: string, path: string): Promise<string | undefined> {
    return this.call("readFile", repo, ref, path);
  }
  ref(repo: string, ref: string): Promise<string | undefined> {
    return this.call("ref", repo, ref);
  }
  /** A person merges pull request `pull` on GitHub's web page; resolves with the merge commit's sha. */
  mergePull(repo: string, pull: number, by: string): Promise<string> {
    return this.call("mergePull", repo, pull, by);
  }
  violations(): Promise<string[]> {
    return this.#send({ kind: "get", name: "violations" }) as Promise<string[]>;
  }
  maxConcurrentCalls(): Promise<number> {
    return this.#send({ kind: "get", name: "maxConcurrentCalls" }) as Promise<number>;
  }
  async setLatency(ms: number): Promise<void> {
    await this.#send({ kind: "set", name: "latencyMs", value: ms });
  }

  /** Forgets the recorded calls and the concurrency high-water mark. */
  async resetCalls(): Promise<void> {
    await this.call("resetCalls");
  }

  /** Calls recorded since the last {@link resetCalls} (times on this process's clock). */
  async calls(): Promise<RecordedCall[]> {
    const calls = (await this.#send({ kind: "calls-since", from: 0 })) as RecordedCall[];
    return calls.map((c) => ({ ...c, startedAt: c.startedAt + this.#offset, endedAt: c.endedAt + this.#offset }));
  }

  /**
   * Has the simulator POST every queued webhook to the app (signed, all at once), then the webhooks the app's own
   * requests caused, until none is left. Resolves with every delivery's outcome (times on this process's clock).
   */
  async deliverPending(webhook: { url: string; secret: string }, maxRounds = 10): Promise<DeliveryResult[]> {
    const results = (await this.#send({ kind: "deliver", ...webhook, maxRounds })) as DeliveryResult[];
    return results.map((r) => ({ ...r, startedAt: r.startedAt + this.#offset, endedAt: r.endedAt + this.#offset }));
  }

  /** CPU time used so far and current RSS of the simulator process. */
  usage(): Promise<{ cpu: NodeJS.CpuUsage; rss: number }> {
    return this.#send({ kind: "usage" }) as Promise<{ cpu: NodeJS.CpuUsage; rss: number }>;
  }

  /** Stops the simulator and its process. */
  async close(): Promise<void> {
    try {
      await this.#send({ kind: "close" });
    } finally {
      this.#child.disconnect();
    }
  }
}

let nextId = 1;

function send(child: ChildProcess, pending: Pending, request: HostRequest): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    child.send({ ...request, id }, (error) => {
      if (error) {
        pending.delete(id);
        reject(error);
      }
    });
  });
}
