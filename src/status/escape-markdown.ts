/**
 * Escaping of user text echoed in GitHub comments, so it shows as the plain text it is: no Markdown or HTML, no
 * @mention that pings anyone, no reference that links or cross-references an issue, commit or repository, no
 * autolink.
 *
 * Mentions, references and autolinks are broken with an empty HTML comment (`@<!-- -->name`): GitHub renders it
 * as `@name` but looks for mentions and links within single text nodes, and the comment splits the text. The
 * user's own `<` and `>` are turned into entities, so user text can never open or close a comment (or any tag).
 * What is broken, after GitHub's "Autolinked references and URLs":
 * - `@` (mentions `@user`, `@org/team`; `user@sha`, `owner/repo@sha`; e-mail and `mailto:` autolinks) and `#`
 *   (`#26`, `owner/repo#26`): after the sign;
 * - `GH-26` and custom autolinks such as `JIRA-26`: after a `-` that a digit follows;
 * - commit SHAs (7 to 40 hex digits): every run of 7 or more hex digits is broken after every 6th, so no part
 *   is long enough to be a SHA;
 * - URLs: `scheme:` followed by `//`, and `www.`.
 *
 * Every pass is linear in the text, and the text is cut to what can show before any of them (see `maxLength`).
 */

/** Options of {@link escapeMarkdown}. */
export interface EscapeOptions {
  /** Keep line breaks (each line escaped as a line of its own); by default they collapse into one space. */
  multiline?: boolean;
  /**
   * Cut the text to this many characters (before escaping), ending it with `…`. Only a bounded prefix of the text
   * is read at all (a few times `maxLength`), so no work grows with what is cut away.
   */
  maxLength?: number;
}

const BREAK = "<!-- -->";

/** C0/C1 controls except tab and newline, direction controls and zero-width characters. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Always backslash-escaped: they are Markdown syntax anywhere in a line. */
const PUNCTUATION = new Set(["\\", "`", "*", "_", "[", "]", "(", ")", "~", "|", "$", "!"]);
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Hex digits in a row from which a run could be a commit SHA (GitHub links 7 to 40). */
const SHA_MIN = 7;

/** Whether the UTF-16 unit is a hex digit. */
function isHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/** `text` cut to `max` code points ending with `…` when longer (or when `cut`: more text followed). */
function truncate(text: string, max: number | undefined, cut = false): string {
  if (max === undefined) return text;
  const chars = Array.from(text);
  if (chars.length <= max && !cut) return text;
  return `${chars.slice(0, Math.max(0, Math.min(chars.length, max - 1))).join("")}…`;
}

function escapeLine(line: string): string {
  let out = "";
  let i = 0;
  let hexRun = 0;
  // Block syntax only matters at the start of a line: list markers, headings' underlines, ordered lists.
  const lead = /^(\d{1,9})[.)]/.exec(line);
  const leadEnd = lead ? (lead[1] ?? "").length : -1;
  if (!lead && /^[-+=]/.test(line)) {
    out += `\\${line[0]}`;
    i = 1;
  }
  while (i < line.length) {
    const c = line[i] ?? "";
    if (isHex(line.charCodeAt(i))) {
      hexRun += 1;
      if (hexRun >= SHA_MIN && (hexRun - 1) % (SHA_MIN - 1) === 0) out += BREAK;
    } else {
      hexRun = 0;
    }
    if (i === leadEnd) {
      out += `\\${c}`;
    } else if (c === "@" || c === "#") {
      out += c + BREAK;
    } else if (c === "-" && isDigit(line[i + 1])) {
      out += `-${BREAK}`;
    } else if (c === ":" && line.startsWith("//", i + 1)) {
      out += `:${BREAK}`;
    } else if ((c === "w" || c === "W") && line.slice(i, i + 4).toLowerCase() === "www.") {
      out += `${line.slice(i, i + 3)}${BREAK}`;
      i += 3;
      continue;
    } else if (PUNCTUATION.has(c)) {
      out += `\\${c}`;
    } else {
      out += ENTITIES[c] ?? c;
    }
    i += 1;
  }
  return out;
}

/**
 * `text` made safe to echo in a comment as plain text (see the module comment). Control, direction and
 * zero-width characters are removed; line breaks (with the whitespace around them) collapse into one space
 * unless `multiline`, in which case each line also loses its indentation (which would make a code block).
 */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  const max = options.maxLength;
  // Size limit first: read no more than could show. Removed characters and collapsed whitespace are why it is
  // a few times `max` (code points are at most two units each); a text cut here always ends with `…`.
  let readable = max === undefined ? text.length : 4 * max + 64;
  const cut = text.length > readable;
  if (cut && text.charCodeAt(readable - 1) >= 0xd800 && text.charCodeAt(readable - 1) <= 0xdbff) readable -= 1;
  const prefix = cut ? text.slice(0, readable) : text;
  const cleaned = prefix.replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(INVISIBLE, "");
  if (!options.multiline) {
    // Every run of whitespace holding a line break becomes one space: lines trimmed, blank ones dropped.
    const oneLine = cleaned
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .join(" ");
    return escapeLine(truncate(oneLine, max, cut));
  }
  return truncate(cleaned.trim(), max, cut)
    .split("\n")
    .map((line) => escapeLine(line.trimStart()))
    .join("\n");
}

/** Text for one cell of a Markdown table: one line, escaped (pipes included), at most `maxLength` characters. */
export function escapeTableCell(text: string, maxLength = 200): string {
  const escaped = escapeMarkdown(text, { maxLength });
  return escaped === "" ? " " : escaped;
}
