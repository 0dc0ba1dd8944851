import { COMMAND_WORDS, type Verb } from "./command-table.js";

/** One command found in a comment. */
export interface ParsedCommand {
  verb: Verb;
  /** `true` for `/lgtm cancel`, `/approve cancel`, `/hold cancel` and `/unhold`. */
  cancel: boolean;
  /** 1-based line number in the comment. */
  line: number;
  /** The line as written, trimmed. */
  raw: string;
}

/** What {@link parseCommands} found: known commands in order, and unknown `/words` (lower case, deduplicated). */
export interface ParseCommandsResult {
  commands: ParsedCommand[];
  unknown: string[];
}

/** Options of {@link parseCommands}. */
export interface ParseCommandsOptions {
  /** Only the first `maxLines` lines are scanned (default {@link DEFAULT_MAX_COMMENT_LINES}). */
  maxLines?: number;
}

/** Lines of a comment scanned for commands unless told otherwise (`limits.maxCommentLines`). */
export const DEFAULT_MAX_COMMENT_LINES = 200;

/** A line that looks like a command but is not one we know: reported back so typos do not pass silently. */
const UNKNOWN_COMMAND = /^\/[a-z][a-z-]{1,30}$/i;
/** Longest line worth looking at as a command; longer lines are prose. */
const MAX_COMMAND_LINE = 64;
const WHITESPACE = /\s+/;

interface Fence {
  char: "`" | "~";
  length: number;
}

/** Indentation of a line in columns (tabs to the next multiple of 4) and the index of its first other character. */
function indentation(line: string): { columns: number; index: number } {
  let columns = 0;
  let index = 0;
  while (index < line.length) {
    const c = line.charCodeAt(index);
    if (c === 0x20) columns += 1;
    else if (c === 0x09) columns += 4 - (columns % 4);
    else break;
    index += 1;
  }
  return { columns, index };
}

/** Length of the run of `char` starting at `index`. */
function runLength(line: string, index: number, char: string): number {
  let end = index;
  while (end < line.length && line[end] === char) end += 1;
  return end - index;
}

/** The fence a line opens (CommonMark: 3+ backticks or tildes; a backtick fence's info string has no backtick). */
function openingFence(line: string, index: number): Fence | null {
  const char = line[index];
  if (char !== "`" && char !== "~") return null;
  const length = runLength(line, index, char);
  if (length < 3) return null;
  if (char === "`" && line.includes("`", index + length)) return null;
  return { char, length };
}

/** Whether a line closes `fence`: the same character, at least as many, indented at most 3, nothing but spaces after. */
function closesFence(line: string, fence: Fence): boolean {
  const { columns, index } = indentation(line);
  if (columns > 3) return false;
  const length = runLength(line, index, fence.char);
  return length >= fence.length && line.slice(index + length).trim() === "";
}

/** Whether the HTML comments on a line, scanned from `from`, leave one open at its end. */
function leavesCommentOpen(line: string, from: number, alreadyOpen: boolean): boolean {
  let open = alreadyOpen;
  let at = from;
  for (;;) {
    if (open) {
      const close = line.indexOf("-->", at);
      if (close === -1) return true;
      open = false;
      at = close + 3;
    } else {
      const start = line.indexOf("<!--", at);
      if (start === -1) return false;
      open = true;
      // `<!-->` and `<!--->` are complete (empty) comments: look for the end from inside the opener.
      at = start + 2;
    }
  }
}

/** Whether an ATX heading starts at `index` (`#` to `######` then a space or the end). */
function isHeading(line: string, index: number): boolean {
  const hashes = runLength(line, index, "#");
  if (hashes < 1 || hashes > 6) return false;
  const next = line[index + hashes];
  return next === undefined || next === " " || next === "\t";
}

/**
 * Finds slash commands in a comment.
 *
 * A command is a whole line (surrounding whitespace trimmed): `/verb`, or `/verb cancel` for verbs that have a
 * cancel form; verbs are case-insensitive and `/unhold` means `/hold cancel`. `/lgtm looks great` is not a command.
 * Every command in the comment is returned, in order.
 *
 * Not read, because GitHub does not show them as a person's own words: quoted lines (`>`, nested `>>`) and the
 * lines that lazily continue a quoted paragraph (no blank line in between, as GitHub renders them inside the quote);
 * fenced code blocks (backticks or tildes, with info strings; an unclosed fence runs to the end); indented code
 * blocks (4 columns or a tab, after a blank line, a heading or a closed fence); HTML comments, also across lines.
 * A line touched by an HTML comment is never a command. These rules err on the side of not reading a command.
 *
 * A whole line that looks like a command but is unknown (`/[a-z][a-z-]{1,30}`) is reported in `unknown` (lower
 * case, each once); paths such as `/usr/bin/env` and URLs are neither. Only the first `maxLines` lines are scanned,
 * in time linear in their length; no pattern is built from the input.
 */
export function parseCommands(body: string, opts: ParseCommandsOptions = {}): ParseCommandsResult {
  const maxLines =
    opts.maxLines !== undefined && Number.isFinite(opts.maxLines)
      ? Math.max(0, Math.trunc(opts.maxLines))
      : DEFAULT_MAX_COMMENT_LINES;
  const commands: ParsedCommand[] = [];
  const unknown = new Set<string>();
  if (typeof body !== "string") return { commands, unknown: [] };

  let fence: Fence | null = null;
  let inComment = false;
  let inIndentedCode = false;
  let inQuoteParagraph = false;
  let indentedCodeMayStart = true;

  let position = 0;
  for (let lineNumber = 1; lineNumber <= maxLines && position <= body.length; lineNumber += 1) {
    const newline = body.indexOf("\n", position);
    const end = newline === -1 ? body.length : newline;
    let line = body.slice(position, end);
    position = end + 1;
    if (line.endsWith("\r")) line = line.slice(0, -1);

    if (inComment) {
      inComment = leavesCommentOpen(line, 0, true);
      indentedCodeMayStart = true;
      inQuoteParagraph = false;
      continue;
    }
    if (fence !== null) {
      if (closesFence(line, fence)) {
        fence = null;
        indentedCodeMayStart = true;
      }
      continue;
    }

    const { columns, index } = indentation(line);
    const blank = index === line.length;
    if (inIndentedCode) {
      if (blank || columns >= 4) continue;
      inIndentedCode = false;
    }
    if (blank) {
      indentedCodeMayStart = true;
      inQuoteParagraph = false;
      continue;
    }
    if (columns >= 4 && indentedCodeMayStart) {
      inIndentedCode = true;
      continue;
    }
    indentedCodeMayStart = false;

    if (columns <= 3) {
      const opened = openingFence(line, index);
      if (opened !== null) {
        fence = opened;
        inQuoteParagraph = false;
        continue;
      }
      if (line[index] === ">") {
        // Content after every `>` marker: a quoted paragraph continues lazily on the next unquoted lines.
        let content = index;
        while (content < line.length && (line[content] === ">" || line[content] === " " || line[content] === "\t")) {
          content += 1;
        }
        inQuoteParagraph = content < line.length;
        continue;
      }
    }
    if (inQuoteParagraph) continue;

    const commentStart = line.indexOf("<!--", index);
    if (commentStart !== -1) {
      inComment = leavesCommentOpen(line, commentStart, false);
      indentedCodeMayStart = true;
      continue;
    }
    if (columns <= 3 && isHeading(line, index)) {
      indentedCodeMayStart = true;
      continue;
    }

    readCommandLine(line, lineNumber, commands, unknown);
  }
  return { commands, unknown: [...unknown] };
}

/** Reads one ordinary line as a command, an unknown command, or nothing. */
function readCommandLine(line: string, lineNumber: number, commands: ParsedCommand[], unknown: Set<string>): void {
  const raw = line.trim();
  if (raw.length < 2 || raw.length > MAX_COMMAND_LINE || raw[0] !== "/") return;
  const words = raw.slice(1).toLowerCase().split(WHITESPACE);
  const known = words.length <= 2 ? COMMAND_WORDS.get(words.join(" ")) : undefined;
  if (known !== undefined) {
    commands.push({ verb: known.verb, cancel: known.cancel, line: lineNumber, raw });
    return;
  }
  if (UNKNOWN_COMMAND.test(raw)) {
    unknown.add(raw.toLowerCase());
  }
}
