import MarkdownIt from "markdown-it";
import type Token from "markdown-it/lib/token.mjs";
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

/** Where `n` lines of `text` end (the index after the n-th line, without its newline). */
function endOfLines(text: string, n: number): number {
  let at = 0;
  for (let line = 0; line < n; line++) {
    const newline = text.indexOf("\n", at);
    if (newline === -1) return text.length;
    at = newline + 1;
  }
  return Math.max(0, at - 1);
}

/**
 * Paragraphs up to this size are parsed inline to find their plain lines exactly. A longer one (a pasted log) is
 * read conservatively instead, in linear time: a candidate line counts only when nothing before it in the paragraph
 * could open a code span, link, emphasis or HTML element that runs through it.
 */
const MAX_INLINE_PARSED = 16_384;
const INLINE_OPENERS = /[`<[*_~\\!&]/;

/**
 * GitHub Flavored Markdown's block structure (markdown-it, CommonMark with GFM tables and strikethrough, raw HTML on):
 * inline parsing is left out of the whole-document pass, so its cost stays linear in the lines read; only the few
 * short paragraphs that may hold a command are parsed inline.
 */
const markdown = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
markdown.core.ruler.disable(["inline", "text_join"], true);
/** The same parser with inline parsing, for the short paragraphs that may hold a command. */
const inlineMarkdown = new MarkdownIt("default", { html: true, linkify: false, typographer: false });
inlineMarkdown.core.ruler.disable(["text_join"], true);

/** Whether a line could be a command at all: the cheap test that spares almost every comment the Markdown parse. */
function mayBeCommand(line: string): boolean {
  const raw = line.trim();
  return raw.length >= 2 && raw.length <= MAX_COMMAND_LINE && raw[0] === "/";
}

/**
 * The lines of a paragraph that GitHub shows as plain words on a line of their own: its inline content split at
 * line breaks, keeping the lines that are exactly one text token (no code span, link, emphasis or HTML on them or
 * running through them).
 */
function plainLines(content: string): string[] {
  const lines: string[] = [];
  let current: Token[] = [];
  // How many links, emphases and the like are open: a line inside one is not plain, even if it holds only text.
  let depth = 0;
  let depthAtStart = 0;
  const flush = (): void => {
    const only = current.length === 1 ? current[0] : undefined;
    lines.push(only?.type === "text" && depthAtStart === 0 ? only.content : "");
    current = [];
    depthAtStart = depth;
  };
  for (const token of inlineMarkdown.parseInline(content, {})[0]?.children ?? []) {
    if (token.type === "softbreak" || token.type === "hardbreak") {
      flush();
      continue;
    }
    current.push(token);
    depth += token.nesting;
  }
  flush();
  return lines;
}

/**
 * Finds slash commands in a comment.
 *
 * A command is a whole line (surrounding whitespace trimmed): `/verb`, or `/verb cancel` for verbs that have a
 * cancel form; verbs are case-insensitive and `/unhold` means `/hold cancel`. `/lgtm looks great` is not a command.
 * Every command in the comment is returned, in order.
 *
 * Commands are read only where GitHub shows them as a person's own plain words: the comment is parsed as GitHub
 * Flavored Markdown (markdown-it, a CommonMark parser), and only plain-text lines of top-level paragraphs count.
 * Never read: code of any kind (fenced, indented, inline, also inside list items or quotes), quotes with their lazy
 * continuation lines, list items, headings, tables, HTML blocks and comments, and any line that a link, emphasis,
 * code span or HTML element touches. These rules err on the side of not reading a command.
 *
 * A whole line that looks like a command but is unknown (`/[a-z][a-z-]{1,30}`) is reported in `unknown` (lower
 * case, each once); paths such as `/usr/bin/env` and URLs are neither. Only the first `maxLines` lines are read;
 * the Markdown block pass is linear in their length, and only short paragraphs holding a candidate line are parsed
 * inline. No pattern is built from the input.
 */
export function parseCommands(body: string, opts: ParseCommandsOptions = {}): ParseCommandsResult {
  const maxLines =
    opts.maxLines !== undefined && Number.isFinite(opts.maxLines)
      ? Math.max(0, Math.trunc(opts.maxLines))
      : DEFAULT_MAX_COMMENT_LINES;
  const commands: ParsedCommand[] = [];
  const unknown = new Set<string>();
  if (typeof body !== "string" || maxLines === 0) return { commands, unknown: [] };

  const text = body.slice(0, endOfLines(body, maxLines));
  const lines = text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (!lines.some(mayBeCommand)) return { commands, unknown: [] };

  const tokens = markdown.parse(text, {});
  for (let i = 0; i < tokens.length; i++) {
    const open = tokens[i];
    const inline = tokens[i + 1];
    if (open?.type !== "paragraph_open" || open.level !== 0 || !open.map || inline?.type !== "inline") continue;
    const [from, to] = open.map;
    const candidates: number[] = [];
    for (let l = from; l < to; l++) if (mayBeCommand(lines[l] ?? "")) candidates.push(l);
    if (candidates.length === 0) continue;
    if (inline.content.length > MAX_INLINE_PARSED) {
      const firstOpener = lines.slice(from, to).findIndex((line) => INLINE_OPENERS.test(line));
      const plainUntil = firstOpener === -1 ? to : from + firstOpener;
      for (const l of candidates) if (l < plainUntil) readCommandLine(lines[l] ?? "", l + 1, commands, unknown);
      continue;
    }
    // Match the paragraph's plain lines to its source lines in order, by their trimmed text.
    const plain = plainLines(inline.content).map((t) => t.trim());
    let at = 0;
    for (const l of candidates) {
      const raw = (lines[l] ?? "").trim();
      const found = plain.indexOf(raw, at);
      if (found === -1) continue;
      at = found + 1;
      readCommandLine(lines[l] ?? "", l + 1, commands, unknown);
    }
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
