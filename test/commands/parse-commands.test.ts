import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseCommands } from "../../src/commands/parse-commands.js";

/** The commands of a body as `verb` / `verb cancel` strings, for compact assertions. */
function verbs(body: string, maxLines?: number): string[] {
  const opts = maxLines === undefined ? {} : { maxLines };
  return parseCommands(body, opts).commands.map((c) => (c.cancel ? `${c.verb} cancel` : c.verb));
}

describe("parseCommands: what is a command", () => {
  it("reads a command that is the whole line, with its line number and raw text", () => {
    expect(parseCommands("Thanks!\n  /approve  \n").commands).toEqual([
      { verb: "approve", cancel: false, line: 2, raw: "/approve" },
    ]);
  });

  it("does not read a command followed by other words", () => {
    expect(parseCommands("/lgtm looks great")).toEqual({ commands: [], unknown: [] });
  });

  it("reads the cancel forms and /unhold as hold cancel", () => {
    expect(verbs("/lgtm cancel\n/approve cancel\n/hold cancel\n/unhold")).toEqual([
      "lgtm cancel",
      "approve cancel",
      "hold cancel",
      "hold cancel",
    ]);
  });

  it("reads verbs case-insensitively", () => {
    expect(verbs("/LGTM\n/Hold Cancel\n/ReTest")).toEqual(["lgtm", "hold cancel", "retest"]);
  });

  it("does not read cancel on a verb that has no cancel form", () => {
    expect(parseCommands("/retest cancel\n/help cancel")).toEqual({ commands: [], unknown: [] });
  });

  it("reads several commands in one comment, in order", () => {
    expect(verbs("/hold\nsome words\n/lgtm\n/approve\n/help\n/close\n/retry")).toEqual([
      "hold",
      "lgtm",
      "approve",
      "help",
      "close",
      "retry",
    ]);
  });

  it("handles CRLF line endings", () => {
    const { commands } = parseCommands("hello\r\n/approve\r\n/hold cancel\r\n");
    expect(commands.map((c) => [c.verb, c.cancel, c.line, c.raw])).toEqual([
      ["approve", false, 2, "/approve"],
      ["hold", true, 3, "/hold cancel"],
    ]);
  });
});

describe("parseCommands: what is not a command", () => {
  it("ignores quoted lines, also nested quotes", () => {
    expect(verbs("> /approve\n>> /lgtm\n > > /hold\n\n/retest")).toEqual(["retest"]);
  });

  it("ignores a line that lazily continues a quoted paragraph, and reads after a blank line", () => {
    expect(verbs("> you said\n/approve\n\n/lgtm")).toEqual(["lgtm"]);
  });

  it("ignores lines in a backtick fence with an info string", () => {
    expect(verbs("```markdown\n/approve\n```\n/lgtm")).toEqual(["lgtm"]);
  });

  it("ignores lines in a tilde fence, closed only by a long enough fence of the same character", () => {
    expect(verbs("~~~~\n/approve\n```\n~~~\n/hold\n~~~~\n/lgtm")).toEqual(["lgtm"]);
  });

  it("treats an unclosed fence as running to the end", () => {
    expect(verbs("/hold\n```\n/approve\n/lgtm")).toEqual(["hold"]);
  });

  it("does not take inline code with backticks for a fence", () => {
    expect(verbs("```a` b```\n/approve")).toEqual(["approve"]);
  });

  it("ignores an indented code block after a blank line (spaces or a tab)", () => {
    expect(verbs("example:\n\n    /approve\n\n\t/lgtm\n    /hold\n\n/retest")).toEqual(["retest"]);
  });

  it("ignores an indented code block at the start of the comment", () => {
    expect(verbs("    /approve\n/lgtm")).toEqual(["lgtm"]);
  });

  it("reads an indented line that continues a paragraph (no blank line before)", () => {
    expect(verbs("text\n    /approve")).toEqual(["approve"]);
  });

  it("ignores a single-line HTML comment and one spanning lines", () => {
    expect(verbs("<!-- /approve -->\n<!--\n/lgtm\n/hold\n-->\n/retest")).toEqual(["retest"]);
  });

  it("reads lines as GitHub renders them around HTML comments: an HTML block ends on the line holding -->", () => {
    // CommonMark: the HTML block opened by `<!--` ends on the first line containing `-->` (line 1 here), so GitHub
    // shows `/approve` on line 2 as text; `c --> /lgtm` continues that paragraph and is not a command line.
    expect(verbs("<!-- a --> text <!-- b\n/approve\nc --> /lgtm\n<!---->\n/hold")).toEqual(["approve", "hold"]);
    expect(verbs("text <!-- b\n/approve\nc -->\n\n/hold")).toEqual(["hold"]);
  });

  it("ignores commands in code inside list items, quotes and HTML blocks (what GitHub shows as code is code)", () => {
    expect(verbs("- ```\n  /approve\n  ```")).toEqual([]);
    expect(verbs("1. text\n\n       /approve")).toEqual([]);
    expect(verbs("- /approve")).toEqual([]);
    expect(verbs("> - ```\n>   /approve\n>   ```")).toEqual([]);
    expect(verbs("<details>\n\n/approve\n\n</details>")).toEqual(["approve"]);
    expect(verbs("<div>\n/approve\n</div>")).toEqual([]);
    expect(verbs("`code\n/approve\nspan`")).toEqual([]);
    expect(verbs("[link\n/approve\n](https://example.com)")).toEqual([]);
    expect(verbs("| a |\n|---|\n| /approve |")).toEqual([]);
  });

  it("treats <!--> as a complete empty comment", () => {
    expect(verbs("<!-->\n/approve")).toEqual(["approve"]);
  });

  it("treats an unclosed HTML comment as running to the end", () => {
    expect(verbs("/hold\n<!-- template help\n/approve")).toEqual(["hold"]);
  });

  it("does not read a fence or a comment marker inside a fence", () => {
    expect(verbs("```\n<!--\n~~~\n```\n/approve")).toEqual(["approve"]);
  });
});

describe("parseCommands: unknown commands", () => {
  it("reports an unknown /word, lower case and once", () => {
    expect(parseCommands("/lgmt\n/LGMT\n/approve\n/assign")).toEqual({
      commands: [{ verb: "approve", cancel: false, line: 3, raw: "/approve" }],
      unknown: ["/lgmt", "/assign"],
    });
  });

  it("does not take paths or URLs for commands", () => {
    expect(parseCommands("/usr/bin/env\nhttps://example.com/approve\n/etc\n/a\n/x_y")).toEqual({
      commands: [],
      unknown: ["/etc"],
    });
  });

  it("does not report unknown words inside code or quotes", () => {
    expect(parseCommands("> /frobnicate\n```\n/frobnicate\n```").unknown).toEqual([]);
  });
});

describe("parseCommands: limits", () => {
  it("scans only the first maxLines lines", () => {
    const body = ["/hold", ...Array.from({ length: 9_998 }, (_, i) => (i % 2 === 0 ? `line ${i}` : "")), "/approve"].join("\n");
    expect(verbs(body)).toEqual(["hold"]);
    expect(verbs(body, 10_000)).toEqual(["hold", "approve"]);
    expect(verbs("/hold\n/approve", 1)).toEqual(["hold"]);
  });

  it("defaults to 200 lines", () => {
    const lines = Array.from({ length: 300 }, () => "text");
    lines[199] = "/lgtm";
    lines[200] = "/approve";
    expect(verbs(lines.join("\n"))).toEqual(["lgtm"]);
  });

  it("reads no command out of 10,000 lines alternating comment openers, fences and commands", () => {
    const hostile = Array.from({ length: 10_000 }, (_, i) => (i % 3 === 0 ? "<!--" : i % 3 === 1 ? "```" : "/approve")).join(
      "\n",
    );
    expect(parseCommands(hostile, { maxLines: 100_000 }).commands).toEqual([]);
  });

  it("reads nothing after one very long line of unclosed comment openers", () => {
    const body = `${"<!-- ".repeat(200_000)}\n/approve`;
    expect(verbs(body)).toEqual([]);
  });
});

describe("parseCommands: properties", () => {
  const pieces = ["/approve", "/lgtm cancel", "/Unhold", "> /hold", "```", "~~~", "<!--", "-->", "    /retest", "", "text", "/foo", "\t", "\r"];

  it("only returns whole trimmed lines of the body, within maxLines, and never throws", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 })), { maxLength: 40 }), fc.integer({ min: 0, max: 50 }), (parts, maxLines) => {
        const body = parts.join("\n");
        const lines = body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
        const { commands, unknown } = parseCommands(body, { maxLines });
        for (const command of commands) {
          expect(command.line).toBeLessThanOrEqual(maxLines);
          expect(lines[command.line - 1]?.trim()).toBe(command.raw);
          expect(command.raw.startsWith("/")).toBe(true);
        }
        for (const word of unknown) expect(word).toMatch(/^\/[a-z][a-z-]{1,30}$/);
      }),
    );
  });
});
