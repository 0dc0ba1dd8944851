import { describe, expect, it } from "vitest";
import { escapeMarkdown, escapeTableCell } from "../../src/status/escape-markdown.js";

describe("escapeMarkdown", () => {
  it("leaves plain words alone", () => {
    expect(escapeMarkdown("my-team uses 4 CPU")).toBe("my-team uses 4 CPU");
  });

  it.each([
    ["*bold*", "\\*bold\\*"],
    ["_em_", "\\_em\\_"],
    ["[link](http)", "\\[link\\]\\(http\\)"],
    ["`code`", "\\`code\\`"],
    ["~~strike~~", "\\~\\~strike\\~\\~"],
    ["a|b", "a\\|b"],
    ["back\\slash", "back\\\\slash"],
    ["![img](x)", "\\!\\[img\\]\\(x\\)"],
    ["$x$", "\\$x\\$"],
  ])("escapes inline Markdown %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it.each([
    ["- item", "\\- item"],
    ["+ item", "\\+ item"],
    ["1. item", "1\\. item"],
    ["2) item", "2\\) item"],
    ["=====", "\\====="],
    ["# title", "#<!-- --> title"],
    ["> quote", "&gt; quote"],
  ])("escapes block syntax at the start of a line: %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it("turns HTML into text: tags, entities and comments cannot be opened or closed", () => {
    expect(escapeMarkdown("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert\\(1\\)&gt;");
    expect(escapeMarkdown("</details><!-- -->&amp;")).toBe("&lt;/details&gt;&lt;\\!-- --&gt;&amp;amp;");
    expect(escapeMarkdown('say "hi"')).toBe("say &quot;hi&quot;");
  });

  it("breaks @mentions, #references and autolinks with an empty comment", () => {
    expect(escapeMarkdown("@everyone")).toBe("@<!-- -->everyone");
    expect(escapeMarkdown("@org/team")).toBe("@<!-- -->org/team");
    expect(escapeMarkdown("fixes #123 and org/repo#4")).toBe("fixes #<!-- -->123 and org/repo#<!-- -->4");
    expect(escapeMarkdown("see https://evil.example/x")).toBe("see https:<!-- -->//evil.example/x");
    expect(escapeMarkdown("visit WWW.evil.example")).toBe("visit WWW<!-- -->.evil.example");
    expect(escapeMarkdown("mail a@b.example")).toBe("mail a@<!-- -->b.example");
  });

  it("leaves no mention, reference or link behind in the escaped text", () => {
    const escaped = escapeMarkdown("@a #1 https://x.example www.y.example");
    expect(escaped).not.toMatch(/@[A-Za-z]|#\d|:\/\/|www\./i);
  });

  it("strips control, direction and zero-width characters", () => {
    expect(escapeMarkdown("a\u0000b\u001bc\u202ed\u200be\ufefff\u0085g")).toBe("abcdefg");
  });

  it("collapses line breaks into one space unless multiline", () => {
    expect(escapeMarkdown("one\r\n\n  two\nthree")).toBe("one two three");
  });

  it("escapes each line of multiline text, without indentation that would make a code block", () => {
    expect(escapeMarkdown("- a\n    code?\n1. b", { multiline: true })).toBe("\\- a\ncode?\n1\\. b");
  });

  it("cuts long text before escaping", () => {
    expect(escapeMarkdown("abcdefghij", { maxLength: 5 })).toBe("abcd…");
    expect(escapeMarkdown("📊📊📊", { maxLength: 2 })).toBe("📊…");
  });
});

describe("escapeTableCell", () => {
  it("keeps a cell on one line with its pipes escaped", () => {
    expect(escapeTableCell("a | b\nc")).toBe("a \\| b c");
  });

  it("never leaves a cell empty (which would break the row)", () => {
    expect(escapeTableCell("")).toBe(" ");
  });

  it("cuts a long cell", () => {
    expect(escapeTableCell("x".repeat(500), 10)).toBe(`${"x".repeat(9)}…`);
  });
});
