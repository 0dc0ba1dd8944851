import { randomBytes } from "node:crypto";
import { describeError } from "../util/describe-error.js";
import type { Logger, Probot } from "probot";
import type { Settings } from "./settings.js";
import type { ControllerDeps, Trigger, TriggerComment } from "../controller/deps.js";
import { reconcileRequest, type RequestOutcome } from "../controller/reconcile-request.js";
import { mergeStatusBodies, syncRequestStatus } from "../controller/request-status.js";
import type { Octokit } from "../github/octokit.js";
import { createGitHubPort } from "../github/port.js";
import { createConfigCache, type ConfigCache, type IssueHint } from "../controller/observe-request.js";
import { fullName, issueKey, sameRepo, type IssueRef, type RepoRef } from "../github/repo-ref.js";
import { createWriter } from "../github/writer.js";
import { instrumentOctokit, type Metrics } from "../observability/metrics.js";
import { DeliveryDedupe } from "../reliability/delivery-dedupe.js";
import { KeyedQueue } from "../reliability/keyed-queue.js";
import { deadlinePassed, guardOctokit, isDeadlineError, progressDeadline, WEBHOOK_DEADLINE_MS, withDeadline, type RunDeadline } from "../reliability/run-deadline.js";
import { Semaphore } from "../reliability/semaphore.js";
import { isTrustedRoute, ROUTER_MAX_COMMENT_LINES, routeEvent, type Route } from "./route-event.js";
import { RoleCache, type FastRefusal } from "./role-cache.js";
import { parseCommands } from "../commands/parse-commands.js";
import { MAX_LISTED_IDS, refusalKey, renderRefusal } from "../plan/refusal-replies.js";
import { statusOf } from "../github/octokit.js";
import { isListed } from "./settings.js";

/** One webhook as Probot hands it over. */
export interface IncomingEvent {
  id: string;
  name: string;
  payload: unknown;
  octokit: Octokit;
  log: Logger;
}

/** Options of {@link createRuntime}. */
export interface RuntimeOptions {
  /**
   * The deadline of one webhook-triggered run; by default {@link progressDeadline} of `settings.webhookDeadlineMs`
   * (8 s without an answer from GitHub). Tests inject their own clock here.
   */
  webhookDeadline?: () => RunDeadline;
  /** How the controller pauses (default: a real timer); tests inject one that records the pauses instead. */
  sleep?: (ms: number) => Promise<void>;
}

/** Runs for one request that wait for their turn together, and the one run that will answer all of them. */
interface Batch {
  ref: IssueRef;
  triggers: Trigger[];
  /** Whether every member is a webhook delivery (a sweep's run has no deadline). */
  webhooksOnly: boolean;
  octokit: Octokit;
  log: Logger;
  result: Promise<RunOutcome>;
}

/** How a run ended: the controller's outcome, or `answered` when refusals were answered without a run. */
export type RunOutcome = RequestOutcome | "answered";

/** One trigger for a coalesced batch: every event named, the earliest arrival, every command comment, the latest issue. */
function mergeTriggers(triggers: readonly Trigger[]): Trigger {
  if (triggers.length === 1) return triggers[0] as Trigger;
  const comments = triggers.flatMap((t) => t.comments ?? []);
  const issue = triggers.findLast((t) => t.issue !== undefined)?.issue;
  return {
    event: [...new Set(triggers.map((t) => t.event))].join("+"),
    receivedAt: Math.min(...triggers.map((t) => t.receivedAt)),
    ...(comments.length > 0 ? { comments } : {}),
    ...(issue ? { issue } : {}),
  };
}

/** What an issue event's payload says about the request issue: a hint to plan the observation, never trusted as state. */
function triggerIssue(route: Extract<Route, { kind: "request" }>, payload: unknown): Pick<Trigger, "issue"> {
  if (route.source !== "issue") return {};
  const issue = (payload as { issue?: { body?: unknown; state?: unknown; user?: { login?: unknown }; labels?: unknown } }).issue;
  if (!issue || typeof issue.user?.login !== "string") return {};
  const labels = Array.isArray(issue.labels)
    ? issue.labels.map((l: unknown) => (typeof l === "string" ? l : typeof (l as { name?: unknown })?.name === "string" ? (l as { name: string }).name : "")).filter((n) => n !== "")
    : [];
  const hint: IssueHint = {
    body: typeof issue.body === "string" ? issue.body : "",
    author: issue.user.login,
    labels,
    ...(issue.state === "open" || issue.state === "closed" ? { state: issue.state } : {}),
  };
  return { issue: hint };
}

/** The command comment of a routed comment event, as its payload describes it. */
function triggerComment(route: Extract<Route, { kind: "request" }>, payload: unknown, eventRepo: RepoRef): Pick<Trigger, "comments"> {
  if (route.commentId === undefined || route.commentOn === undefined) return {};
  const p = payload as { issue?: { number?: number }; comment?: { body?: string | null; user?: { login?: string; type?: string } } };
  const comment: TriggerComment = {
    id: route.commentId,
    on: route.commentOn,
    where: { ...eventRepo, number: p.issue?.number ?? 0 },
    author: { login: p.comment?.user?.login ?? "", type: p.comment?.user?.type === "Bot" ? "Bot" : "User" },
    body: p.comment?.body ?? "",
  };
  return { comments: [comment] };
}

/**
 * The long-lived part of the app: remembers deliveries, serialises work per request, finds the right
 * installation for each repository, and runs the controller with a fail-closed status on errors.
 */
export function createRuntime(app: Probot, settings: Settings, metrics: Metrics, options: RuntimeOptions = {}) {
  const dedupe = new DeliveryDedupe();
  const queue = new KeyedQueue();
  // Taken after the per-request queue, so a request waiting for its own predecessor holds no slot.
  const slots = new Semaphore(settings.maxConcurrentRequests);
  const installationByRepo = new Map<string, number>();
  // Runs started and not yet settled (queued ones included), so shutdown can wait for them: see `drain`.
  const running = new Set<Promise<unknown>>();
  // Per request, the batch of runs waiting for their turn (not started yet): later deliveries join it.
  const waiting = new Map<string, Batch>();
  // What runs learned about roles: decides refusals (never permissions) without a run. See role-cache.ts.
  const roleCache = new RoleCache();
  // Parsed configurations by blob id: a run whose configuration did not change plans its one observation up front.
  const configCache: ConfigCache = createConfigCache();
  let botLogin: Promise<string | undefined> | undefined;

  /**
   * The app's own login (`<slug>[bot]`), read once per process with `GET /app`. Only comments by this login carry
   * trusted markers. If it cannot be read, nothing is trusted: the run fails closed and it is asked again later.
   */
  function ownLogin(log: Logger): Promise<string | undefined> {
    botLogin ??= (async () => {
      try {
        const appOctokit = (await app.auth()) as Octokit;
        const { data } = await appOctokit.rest.apps.getAuthenticated();
        return data?.slug ? `${data.slug}[bot]` : undefined;
      } catch (error) {
        log.warn({ err: describeError(error) }, "could not read the app's own login");
        botLogin = undefined;
        return undefined;
      }
    })();
    return botLogin;
  }

  /**
   * An Octokit for a repository the operator trusts (a support repository or the pinned GitOps repository): the
   * event's own when the event came from that repository's owner, else the app's installation on that very
   * repository (`GET /repos/{owner}/{repo}/installation`). Any other repository is refused: the bot never looks up
   * "some installation on that owner" for a repository named by a configuration or a payload.
   */
  async function octokitFor(repo: RepoRef, known: { owner: string; octokit: Octokit }): Promise<Octokit> {
    const trusted = isListed(settings.supportRepositories, repo) || (settings.gitopsRepository !== undefined && sameRepo(settings.gitopsRepository, repo));
    if (!trusted) throw new Error(`runtime: ${fullName(repo)} is neither a support repository nor the pinned GitOps repository; refusing to reach it`);
    if (repo.owner.toLowerCase() === known.owner.toLowerCase()) return known.octokit;
    const key = fullName(repo).toLowerCase();
    let id = installationByRepo.get(key);
    if (id === undefined) {
      const appOctokit = (await app.auth()) as Octokit;
      const { data } = await appOctokit.rest.apps.getRepoInstallation({ owner: repo.owner, repo: repo.repo });
      id = data.id;
      installationByRepo.set(key, id);
    }
    const octokit = (await app.auth(id)) as Octokit;
    instrumentOctokit(octokit, metrics);
    guardOctokit(octokit);
    return octokit;
  }

  /**
   * Reconciles one request, serialised with every other run for the same request in this process. Runs queued for
   * the same request coalesce: while a run waits for its turn (behind the request's running run, or for a slot),
   * later ones join it instead of queueing their own, and the one run (level-triggered: it reads everything when it
   * starts) answers all of them, each command comment acknowledged with its own reaction. So a burst of N events for
   * one request costs at most two runs. A run of webhooks only (`webhook`) has a deadline: it stops when GitHub has
   * not answered it for `settings.webhookDeadlineMs` (see run-deadline.ts), and the sweep finishes it. On any other
   * error the request's status comment gets the internal-error verdict (the request is safe and will be retried);
   * the error is rethrown so the delivery shows as failed.
   */
  function runRequest(ref: IssueRef, trigger: Trigger, octokit: Octokit, log: Logger, webhook = false): Promise<RunOutcome> {
    const key = issueKey(ref);
    const waitingBatch = waiting.get(key);
    if (waitingBatch) {
      waitingBatch.triggers.push(trigger);
      waitingBatch.webhooksOnly &&= webhook;
      return waitingBatch.result;
    }
    const b: Batch = { ref, triggers: [trigger], webhooksOnly: webhook, octokit, log, result: Promise.resolve("ignored") };
    waiting.set(key, b);
    b.result = queue.run(key, () =>
      slots.run(() => {
        if (waiting.get(key) === b) waiting.delete(key);
        return execute(b);
      }),
    );
    running.add(b.result);
    void b.result.then(
      () => running.delete(b.result),
      () => running.delete(b.result),
    );
    return b.result;
  }

  /**
   * Runs one (possibly coalesced) batch: refusals answered from the role cache when that answers every comment in it,
   * else the controller once; under a deadline when every member is a webhook delivery.
   */
  async function execute(batch: Batch): Promise<RunOutcome> {
    const { ref } = batch;
    const trigger = mergeTriggers(batch.triggers);
    const deadline = batch.webhooksOnly ? (options.webhookDeadline?.() ?? progressDeadline(settings.webhookDeadlineMs ?? WEBHOOK_DEADLINE_MS)) : undefined;
    const requestLog = batch.log.child({ request: issueKey(ref), trigger: trigger.event, ...(batch.triggers.length > 1 ? { coalesced: batch.triggers.length } : {}) });
    if (batch.triggers.length > 1) metrics.webhooksSkipped.inc({ reason: "coalesced" }, batch.triggers.length - 1);
    const fast = fastRefusals(batch);
    try {
      if (fast) return await withDeadline(deadline, () => answerRefusals(batch, fast, requestLog));
      return await withDeadline(deadline, () => reconcileBatch(batch, trigger, requestLog));
    } finally {
      deadline?.stop();
    }
  }

  /** Runs the controller for a batch; writes the internal-error verdict on a failure that is not the deadline. */
  async function reconcileBatch(batch: Batch, trigger: Trigger, requestLog: Logger): Promise<RunOutcome> {
    const { ref, octokit } = batch;
    metrics.inFlight.inc();
    const progress = { isRequest: false };
    try {
      const login = await ownLogin(requestLog);
      if (login === undefined) {
        metrics.webhooksSkipped.inc({ reason: "own-login-unknown" });
        throw new Error("runtime: the app's own login is unknown (GET /app failed), so no marker can be trusted; the request is retried later");
      }
      const deps: ControllerDeps = {
        progress,
        botLogin: login,
        github: createGitHubPort(octokit),
        githubFor: async (repo) => createGitHubPort(await octokitFor(repo, { owner: ref.owner, octokit })),
        configCache,
        log: requestLog,
        metrics,
        settings: { dryRun: settings.dryRun, ...(settings.mergeabilityWaitsMs ? { mergeabilityWaitsMs: settings.mergeabilityWaitsMs } : {}) },
        trust: { supportRepositories: settings.supportRepositories, gitopsRepository: settings.gitopsRepository },
        roleCache,
        ...(options.sleep ? { sleep: options.sleep } : {}),
      };
      try {
        const outcome = await reconcileRequest(deps, ref, trigger);
        requestLog.debug({ outcome }, "request reconciled");
        return outcome;
      } catch (error) {
        if (deadlinePassed() || isDeadlineError(error)) {
          // GitHub is not answering: writing the internal-error verdict would wait on it too. The sweep writes one.
          requestLog.warn("GitHub did not answer the run in time; the sweep finishes it");
          throw error;
        }
        const errorId = randomBytes(4).toString("hex");
        requestLog.error({ errorId, err: describeError(error) }, "reconciling the request failed");
        await reportInternalError(octokit, ref, errorId, requestLog, progress.isRequest, login);
        throw error;
      }
    } finally {
      metrics.inFlight.dec();
    }
  }

  /**
   * The refusals that answer every command comment of a batch from the role cache, or undefined when any member
   * needs a run (not a comment, a command that could be allowed, a cold cache).
   */
  function fastRefusals(batch: Batch): FastRefusal[] | undefined {
    const answers: FastRefusal[] = [];
    for (const trigger of batch.triggers) {
      if (!trigger.comments || trigger.comments.length === 0) return undefined;
      for (const comment of trigger.comments) {
        const answer = roleCache.decide(batch.ref, comment);
        if (!answer) return undefined;
        answers.push(answer);
      }
    }
    return answers;
  }

  /**
   * Answers refused commands without a run: a 👎 on each comment and its refusals coalesced into the one reply per
   * person and kind (edited when the cache knows it, created otherwise): two calls for a one-command comment, made
   * at once. A reply deleted meanwhile is written again.
   */
  async function answerRefusals(batch: Batch, answers: readonly FastRefusal[], log: Logger): Promise<RunOutcome> {
    const { ref } = batch;
    for (const { comment, refusals } of answers) {
      const octokit = comment.on === "pull" ? await octokitFor(comment.where, { owner: ref.owner, octokit: batch.octokit }) : batch.octokit;
      const writer = createWriter(octokit, { dryRun: settings.dryRun, ...(settings.gitopsRepository ? { gitopsRepo: settings.gitopsRepository } : {}), allowIssue: ref });
      for (const refusal of refusals) metrics.commands.inc({ verb: refusal.verb, outcome: "refused" });
      // One reply per person and kind, however often the comment repeats the command.
      const byKey = new Map(refusals.map((r) => [refusalKey(r.actor, r.verb, r.cancel), r]));
      const replies = [...byKey].map(async ([key, refusal]) => {
        if (roleCache.answered(ref, comment.on, key, refusal)) return;
        const known = roleCache.reply(ref, comment.on, key);
        const ids = [...new Set([...(known?.ids ?? []), refusal.commentId])].sort((a, b) => a - b).slice(-MAX_LISTED_IDS);
        const body = renderRefusal(key, ids, refusal.reason);
        if (known) {
          try {
            await writer.updateComment(comment.where, known.id, body);
            roleCache.rememberReply(ref, comment.on, key, { id: known.id, ids });
            return;
          } catch (error) {
            if (statusOf(error) !== 404) throw error;
          }
        }
        const id = await writer.createComment(comment.where, renderRefusal(key, [refusal.commentId], refusal.reason));
        roleCache.rememberReply(ref, comment.on, key, { id, ids: [refusal.commentId] });
      });
      await Promise.all([writer.addReaction(comment.where, comment.id, "-1"), ...replies]);
    }
    log.debug({ comments: answers.length }, "refused commands answered from known roles, without a run");
    return "answered";
  }

  /** Resolves once every run started so far (and any they queue behind) has settled; for a clean shutdown. */
  async function drain(): Promise<void> {
    while (running.size > 0) await Promise.allSettled([...running]);
  }

  /**
   * Writes the internal-error verdict on an issue known to be an onboarding request (the controller got that far,
   * or a status comment already exists), never on issues that are not requests.
   */
  async function reportInternalError(
    octokit: Octokit,
    ref: IssueRef,
    errorId: string,
    log: Logger,
    isRequest: boolean,
    login: string,
  ): Promise<void> {
    try {
      const github = createGitHubPort(octokit);
      const comments = await github.listComments(ref, login);
      const writer = github.writer({ dryRun: false, mergeOnRace: mergeStatusBodies });
      await syncRequestStatus(writer, ref, comments, { kind: "internal-error", errorId }, { onlyIfExists: !isRequest });
    } catch (error) {
      log.error({ errorId, err: describeError(error) }, "could not write the internal-error status either");
    }
  }

  /** Handles one webhook delivery. */
  async function handleEvent(event: IncomingEvent): Promise<RunOutcome | "skipped"> {
    metrics.webhooksReceived.inc({ event: event.name });
    const route = routeEvent(event.name, event.payload);
    if (route.kind === "skip") {
      metrics.webhooksSkipped.inc({ reason: route.reason });
      return "skipped";
    }
    const eventRepository = (event.payload as { repository?: { name?: string; owner?: { login?: string } } }).repository;
    const eventRepo = { owner: eventRepository?.owner?.login ?? "", repo: eventRepository?.name ?? "" };
    if (!isTrustedRoute(route, eventRepo, settings)) {
      metrics.webhooksSkipped.inc({ reason: "untrusted-repository" });
      event.log.info(
        { delivery: event.id, repository: fullName(eventRepo), request: issueKey(route.ref) },
        "event from a repository outside the trust roots ignored",
      );
      return "skipped";
    }
    if (!dedupe.firstSeen(event.id)) {
      metrics.webhooksSkipped.inc({ reason: "duplicate-delivery" });
      return "skipped";
    }
    instrumentOctokit(event.octokit, metrics);
    guardOctokit(event.octokit);
    const installation = (event.payload as { installation?: { id?: number } }).installation?.id;
    const log = event.log.child({ installation, delivery: event.id });
    const trigger: Trigger = { event: event.name, receivedAt: Date.now(), ...triggerComment(route, event.payload, eventRepo), ...triggerIssue(route, event.payload) };
    for (const comment of trigger.comments ?? []) {
      // Anyone may hold: until the next run sees it, this person's `/hold cancel` is not refused from the cache.
      const holds = parseCommands(comment.body, { maxLines: ROUTER_MAX_COMMENT_LINES }).commands.some((c) => c.verb === "hold" && !c.cancel);
      if (holds) roleCache.noteHold(route.ref, comment.author.login);
    }
    const eventOwner = eventRepo.owner;
    try {
      const octokit =
        eventOwner.toLowerCase() === route.ref.owner.toLowerCase()
          ? event.octokit
          : await octokitFor(route.ref, { owner: eventOwner, octokit: event.octokit });
      return await runRequest(route.ref, trigger, octokit, log, true);
    } catch (error) {
      dedupe.forget(event.id);
      throw error;
    }
  }

  return { handleEvent, runRequest, octokitFor, queue, dedupe, roleCache, drain, runsInFlight: () => running.size };
}

export type Runtime = ReturnType<typeof createRuntime>;

export { describeError } from "../util/describe-error.js";
