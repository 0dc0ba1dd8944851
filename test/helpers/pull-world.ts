import type { SimComment, SimPull } from "../simulator/index.js";
import { deliverAll } from "../harness/index.js";
import { APPS, branchOf, createWorld, SUPPORT, type World } from "./world.js";
import { useWorldCleanup } from "./use-world.js";

/** The branch of request #1 of the support repository. */
export const BRANCH = branchOf(1);
export const REQUEST_STATUS_MARKER = "<!-- onboarding-bot:status";
export const PR_STATUS_MARKER = "<!-- onboarding-bot:pr-status";
const REPLY_MARKER = /^<!-- onboarding-bot:reply (\d+) -->\n/;
/** A coalesced refusal: one reply per person and command kind, listing every comment it answers. */
const REFUSAL_MARKER = /^<!-- onboarding-bot:refusal:[a-z0-9:-]+=([\d,]+) -->\n/;

/** The ids of the comments a reply of the bot answers (none for any other comment). */
function answeredBy(body: string): string[] {
  const one = REPLY_MARKER.exec(body)?.[1];
  if (one !== undefined) return [one];
  return REFUSAL_MARKER.exec(body)?.[1]?.split(",") ?? [];
}

/** A reply's text without its marker. */
function replyText(body: string): string {
  return body.replace(REPLY_MARKER, "").replace(REFUSAL_MARKER, "");
}

/** A world whose request #1 has been published: its number and its pull request's number. */
export interface PublishedWorld {
  world: World;
  request: number;
  pr: number;
}

/**
 * Creates a world, runs `setup` (add teams, users, files), opens a valid request and delivers until the bot has
 * opened its pull request.
 */
export async function publishedWorld(
  opts: Parameters<typeof createWorld>[0] = {},
  setup: (world: World) => void = () => {},
): Promise<PublishedWorld> {
  const world = await createWorld(opts);
  setup(world);
  const request = world.openRequest();
  await deliverAll(world.sim, world.probot);
  const pull = world.sim.pulls(APPS)[0];
  if (!pull) throw new Error("publishedWorld: the bot opened no pull request");
  return { world, request, pr: pull.number };
}

/** Publishes a world like {@link publishedWorld}, with `config` merged into the fixture's configuration. */
export type StartPublished = (config?: Record<string, unknown>, setup?: (world: World) => void) => Promise<PublishedWorld>;

/**
 * Registers an `afterEach` that checks every world a test published through the returned function for requests
 * GitHub's REST description does not allow, and closes it. Call once per file (or `describe`) instead of tracking
 * and closing the worlds by hand.
 */
export function usePublishedWorlds(): StartPublished {
  const track = useWorldCleanup();
  return async (config = {}, setup) => {
    const published = await publishedWorld({ config }, setup);
    track(published.world);
    return published;
  };
}

/** The onboarding pull request as the simulator holds it now. */
export function pullOf(w: PublishedWorld): SimPull {
  const pull = w.world.sim.pulls(APPS).find((p) => p.number === w.pr);
  if (!pull) throw new Error(`pullOf: no pull request #${w.pr}`);
  return pull;
}

/** A person comments on the pull request (`on: "pull"`) or on the request issue, then every event is delivered. */
export async function say(w: PublishedWorld, who: string, body: string, on: "pull" | "issue" = "pull"): Promise<number> {
  const id = on === "pull" ? w.world.sim.comment(APPS, w.pr, who, body) : w.world.sim.comment(SUPPORT, w.request, who, body);
  await deliverAll(w.world.sim, w.world.probot);
  return id;
}

/** The bot's replies to one comment (marker stripped), in order. */
export function repliesTo(w: PublishedWorld, commentId: number, on: "pull" | "issue" = "pull"): string[] {
  const comments = on === "pull" ? w.world.sim.comments(APPS, w.pr) : w.world.sim.comments(SUPPORT, w.request);
  return comments
    .filter((c) => c.user.type === "Bot" && answeredBy(c.body).includes(String(commentId)))
    .map((c) => replyText(c.body));
}

/** Every reply the bot posted, on either side. */
export function allReplies(w: PublishedWorld): SimComment[] {
  return [...w.world.sim.comments(APPS, w.pr), ...w.world.sim.comments(SUPPORT, w.request)].filter(
    (c) => c.user.type === "Bot" && answeredBy(c.body).length > 0,
  );
}

/** The reactions on one comment, as their contents. */
export function reactionsOn(w: PublishedWorld, commentId: number, on: "pull" | "issue" = "pull"): string[] {
  const comments = on === "pull" ? w.world.sim.comments(APPS, w.pr) : w.world.sim.comments(SUPPORT, w.request);
  const comment = comments.find((c) => c.id === commentId);
  if (!comment) throw new Error(`reactionsOn: no comment ${commentId}`);
  return comment.reactions.map((r) => r.content);
}

/** The one status comment the bot keeps on the pull request (or on the request issue). */
export function statusOf(w: PublishedWorld, on: "pull" | "issue" = "pull"): string {
  const [repo, number, marker] = on === "pull" ? [APPS, w.pr, PR_STATUS_MARKER] : [SUPPORT, w.request, REQUEST_STATUS_MARKER];
  const mine = w.world.sim.comments(repo, number).filter((c) => c.body.startsWith(marker));
  if (mine.length !== 1) throw new Error(`statusOf: expected one status comment on ${repo}#${number}, found ${mine.length}`);
  return mine[0]!.body;
}
