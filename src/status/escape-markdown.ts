/**
 * Escaping of user text echoed in GitHub comments, so it shows as the plain text it is: no Markdown or HTML, no
 * @mention that pings anyone, no `#123` reference, no autolink.
 *
 * Mentions, references and autolinks are broken with an empty HTML comment (`@<!-- -->name`): GitHub renders it
 * as `@name` but looks for mentions and links within single text nodes, and the comment splits the text. The
 * user's own `<` and `>` are turned into entities, so user text can never open or close a comment (or any tag).
 */

/** Options of {@link escapeMarkdown}. */
export interface EscapeOptions {
  /** Keep line breaks (each line escaped as a line of its own); by default they collapse into one space. */
  multiline?: boolean;
  /** Cut the text to this many characters (before escaping), ending it with `…`. */
  maxLength?: number;
}

const BREAK = "<!-- -->";

/** C0/C1 controls except tab and newline, direction controls and zero-width characters. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/** Always backslash-escaped: they are Markdown syntax anywhere in a line. */
const PUNCTUATION = new Set(["\\", "`", "*", "_", "[", "]", "(", ")", "~", "|", "$", "!"]);
const ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

function truncate(text: string, max: number | undefined): string {
  if (max === undefined) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

function escapeLine(line: string): string {
  let out = "";
  let i = 0;
  // Block syntax only matters at the start of a line: list markers, headings' underlines, ordered lists.
  const lead = /^(\d{1,9})([.)])/.exec(line);
  if (lead) {
    out += `${lead[1]}\\${lead[2]}`;
    i = lead[0].length;
  } else if (/^[-+=]/.test(line)) {
    out += `\\${line[0]}`;
    i = 1;
  }
  while (i < line.length) {
    const c = line[i] ?? "";
    if (c === "@" || c === "#") {
      out += c + BREAK;
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
 * zero-width characters are removed; line breaks collapse into spaces unless `multiline`, in which case each
 * line also loses its indentation (which would make a code block).
 */
export function escapeMarkdown(text: string, options: EscapeOptions = {}): string {
  const cleaned = text.replace(/\r\n?/g, "\n").replace(/\t/g, " ").replace(INVISIBLE, "");
  if (!options.multiline) {
    const oneLine = cleaned.replace(/\s*\n\s*/g, " ").trim();
    return escapeLine(truncate(oneLine, options.maxLength));
  }
  return truncate(cleaned.trim(), options.maxLength)
    .split("\n")
    .map((line) => escapeLine(line.trimStart()))
    .join("\n");
}

/** Text for one cell of a Markdown table: one line, escaped (pipes included), at most `maxLength` characters. */
export function escapeTableCell(text: string, maxLength = 200): string {
  const escaped = escapeMarkdown(text, { maxLength });
  return escaped === "" ? " " : escaped;
}
