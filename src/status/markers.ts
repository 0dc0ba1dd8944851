/**
 * Hidden markers that let the bot find its own comments again (`<!-- onboarding-bot:status -->`), optionally
 * carrying a small JSON state (`<!-- onboarding-bot:status {"v":1} -->`).
 */

/** Marker names the bot uses. */
export const MARKERS = {
  /** The one status comment on a request issue. */
  status: "onboarding-bot:status",
} as const;

/** The status comment's marker without state: what the status comment starts with. */
export const STATUS_MARKER = "<!-- onboarding-bot:status -->";

const NAME = /^[a-z0-9][a-z0-9:-]{0,63}$/;
/** The most state a marker may carry, encoded. */
const MAX_STATE_CHARS = 4096;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`markers: '${name}' is not a marker name (lowercase letters, digits, ':' and '-')`);
}

/**
 * JSON that can sit inside an HTML comment whatever strings it holds: `<`, `>` and `&` become `\u003c`-style
 * escapes (so `-->` or `--!>` can never appear) and `--` becomes `-\u002d` (CommonMark forbids it in comments).
 * Outside strings JSON never has these characters or `--`, so `JSON.parse` reads the value back unchanged.
 */
function encodeState(state: unknown): string {
  const json = JSON.stringify(state);
  if (json === undefined) throw new Error("markers: the marker state must be JSON-serialisable");
  return json
    .replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/--/g, "-\\u002d");
}

/** The marker `<!-- name -->`, or `<!-- name {json} -->` with state. Throws when the state is too large. */
export function renderMarker(name: string, state?: unknown): string {
  checkName(name);
  if (state === undefined) return `<!-- ${name} -->`;
  const encoded = encodeState(state);
  if (encoded.length > MAX_STATE_CHARS) throw new Error(`markers: the state of '${name}' is ${encoded.length} characters, over ${MAX_STATE_CHARS}`);
  return `<!-- ${name} ${encoded} -->`;
}

/** What a body's leading marker holds. */
export interface MarkerRead {
  /** The decoded state, `undefined` when the marker has none or it does not decode. */
  state: unknown;
}

/** Reads the marker `name` at the very start of `body`; `undefined` when the body does not start with it. */
export function readMarker(body: string, name: string): MarkerRead | undefined {
  checkName(name);
  const plain = `<!-- ${name} -->`;
  if (body.startsWith(plain)) return { state: undefined };
  const open = `<!-- ${name} `;
  if (!body.startsWith(open)) return undefined;
  const end = body.indexOf(" -->", open.length);
  if (end < 0 || end - open.length > MAX_STATE_CHARS) return undefined;
  const encoded = body.slice(open.length, end);
  if (!encoded.startsWith("{") && !encoded.startsWith("[")) return undefined;
  try {
    return { state: JSON.parse(encoded) as unknown };
  } catch {
    return { state: undefined };
  }
}

/** The least of a comment the marker search reads (matches REST comments and the reader's `CommentInfo`). */
export interface MarkableComment {
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/** Options of {@link findMarkedComment}. */
export interface FindMarkedOptions {
  /** Only comments by this login count (the app's bot login, e.g. `onboarding-bot[bot]`), compared ignoring case. */
  author?: string;
}

/**
 * The oldest comment (of `comments`, oldest first) that starts with marker `name` and was written by a bot (and
 * by `author` when given). A person pasting the marker into their own comment cannot make the bot adopt it.
 */
export function findMarkedComment<T extends MarkableComment>(
  comments: readonly T[],
  name: string,
  options: FindMarkedOptions = {},
): T | undefined {
  checkName(name);
  const author = options.author?.toLowerCase();
  return comments.find((c) => {
    if (c.user?.type !== "Bot") return false;
    if (author !== undefined && c.user.login?.toLowerCase() !== author) return false;
    return typeof c.body === "string" && readMarker(c.body, name) !== undefined;
  });
}
