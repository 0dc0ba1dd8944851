/**
 * Keeps what the bot writes to GitHub (comments, replies, pull request bodies) below GitHub's size limit, saying
 * what was left out instead of being refused: GitHub answers 422 to a body over 65,536 characters, and a comment
 * that is refused on every run leaves the requester without an answer.
 */

/** GitHub refuses an issue comment, pull request comment or pull request body longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;

/** The most the bot writes in one comment or body: below {@link GITHUB_BODY_LIMIT}, with room to spare. */
export const MAX_COMMENT_CHARS = 60_000;

/** What is appended when the fixed parts alone are too long and the comment is cut at a line. */
export const CUT_NOTE = "_… the rest is too long for a GitHub comment and was left out._";

/**
 * Lines of which only as many as fit are kept, in order; the ones left out are summed up by one line in their
 * place (`- … and 12 more problems`).
 */
export interface OmittableLines {
  lines: readonly string[];
  /** How many entries there are in all, when `lines` already leaves some out (default: `lines.length`). */
  total?: number;
  /** The line that stands for the `omitted` entries left out. */
  more: (omitted: number) => string;
}

/** One part of a comment: a line that is always kept, or lines that are kept while they fit. */
export type CommentPart = string | OmittableLines;

/** `n` and the noun, singular for one: `1 more problem`, `3 more problems`. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** The standard summary line of a Markdown list cut short: `- … and 3 more problems`. */
export function moreItems(singular: string, plural?: string): (omitted: number) => string {
  return (omitted) => `- … and ${countOf(omitted, `more ${singular}`, plural === undefined ? undefined : `more ${plural}`)}`;
}

/** `text` cut to at most `max` UTF-16 units, never between the two halves of a surrogate pair. */
function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * The comment made of `parts`, one line each, joined by line breaks, at most `maxChars` characters (UTF-16 units,
 * which are never fewer than the characters GitHub counts). Fixed lines are always kept. Omittable lines are kept
 * in order while they fit, earlier parts first; those left out are replaced by the part's `more` line. Should the
 * fixed lines alone be too long, the comment is cut at the last line break that fits and ends with
 * {@link CUT_NOTE}. Linear in the size of the parts.
 */
export function boundComment(parts: readonly CommentPart[], maxChars = MAX_COMMENT_CHARS): string {
  // Reserve room for every fixed line and for each list's summary line (its longest form: all left out).
  let budget = maxChars;
  for (const part of parts) {
    if (typeof part === "string") budget -= part.length + 1;
    else budget -= part.more(part.total ?? part.lines.length).length + 1;
  }
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part === "string") {
      out.push(part);
      continue;
    }
    const total = part.total ?? part.lines.length;
    const reserve = part.more(total).length + 1;
    let kept = 0;
    for (const line of part.lines) {
      if (line.length + 1 > budget) break;
      out.push(line);
      budget -= line.length + 1;
      kept++;
    }
    if (kept < total) out.push(part.more(total - kept));
    else budget += reserve; // not needed: later lists may use it
  }
  const text = out.join("\n");
  if (text.length <= maxChars) return text;
  const room = maxChars - CUT_NOTE.length - 1;
  const lineEnd = text.lastIndexOf("\n", room);
  return `${lineEnd > 0 ? text.slice(0, lineEnd) : cutAt(text, room)}\n${CUT_NOTE}`;
}

/**
 * A reply made of separate answers (paragraphs, each possibly several lines) bounded like a comment: the answers
 * that fit, in order, then how many were left out. Leaves room below `maxChars` for the reply's marker line.
 */
export function boundAnswers(answers: readonly string[], maxChars = MAX_COMMENT_CHARS): string {
  const paragraphs = answers.map((a, i) => (i === 0 ? a : `\n${a}`));
  return boundComment([{ lines: paragraphs, more: (n) => `\n_… and ${countOf(n, "more answer")} left out._` }], maxChars);
}
