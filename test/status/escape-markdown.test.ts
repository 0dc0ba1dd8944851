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

  it.each([
    ["GH-26", "GH-<!-- -->26"],
    ["gh-26", "gh-<!-- -->26"],
    ["JIRA-123", "JIRA-<!-- -->123"],
    ["a5c3785", "a5c378<!-- -->5"],
    ["a5c3785ed8d6a35868bc169f07e40e889087fd2e", "a5c378<!-- -->5ed8d6<!-- -->a35868<!-- -->bc169f<!-- -->07e40e<!-- -->889087<!-- -->fd2e"],
    ["jlord@a5c3785", "jlord@<!-- -->a5c378<!-- -->5"],
    ["jlord/sheetsee.js@a5c3785", "jlord/sheetsee.js@<!-- -->a5c378<!-- -->5"],
    ["jlord/sheetsee.js#26", "jlord/sheetsee.js#<!-- -->26"],
    ["https://github.com/jlord/sheetsee.js/issues/26", "https:<!-- -->//github.com/jlord/sheetsee.js/issues/26"],
    ["mailto:a@b.example", "mailto:a@<!-- -->b.example"],
    ["1234567. done", "123456<!-- -->7\\. done"],
  ])("breaks GitHub's autolinked reference %j", (input, output) => {
    expect(escapeMarkdown(input)).toBe(output);
  });

  it("leaves hex runs shorter than a SHA and words with hex letters alone", () => {
    expect(escapeMarkdown("deadbe cafe 123456 2026-01-01")).toBe("deadbe cafe 123456 2026-<!-- -->01-<!-- -->01");
  });

  it("leaves no text node in which GitHub finds a mention, reference, SHA or link", () => {
    const hostile = [
      "@alice @org/team #1 GH-2 gh-3 JIRA-4 owner/repo#5 owner/repo@deadbeefcafe user@0123456789abcdef",
      "a5c3785ed8d6a35868bc169f07e40e889087fd2e https://x.example http://y.example www.z.example WWW.Q.example",
      "ftp://f.example mailto:m@e.example 1234567 ABCDEF0 x-1",
    ].join("\n");
    for (const multiline of [false, true]) {
      for (const node of escapeMarkdown(hostile, { multiline }).split("<!-- -->")) {
        expect(node).not.toMatch(/@[A-Za-z0-9]|#\d|-\d|[0-9a-f]{7}|:\/\/|www\./i);
      }
    }
  });

  it("escapes adversarial runs correctly: whitespace around line breaks collapses to one space", () => {
    const spaces = " \t\u00a0".repeat(20_000);
    expect(escapeMarkdown(`a${spaces}\n${spaces}b`)).toBe("a b");
    expect(escapeMarkdown(`a${"\n".repeat(50_000)}b`)).toBe("a b");
    expect(escapeMarkdown(`a${" \r\n".repeat(30_000)}b`)).toBe("a b");
  });

  it("reads only a bounded prefix of a long text, and says it was cut", () => {
    expect(escapeMarkdown(`${"\u200b".repeat(100_000)}tail`, { maxLength: 10 })).toBe("…");
    expect(escapeMarkdown(`ab${"\u200b".repeat(100_000)}`, { maxLength: 10 })).toBe("ab…");
    expect(escapeMarkdown("x".repeat(100_000), { maxLength: 10 })).toBe(`${"x".repeat(9)}…`);
    expect(escapeMarkdown(`${"@".repeat(100_000)}`, { maxLength: 3 })).toBe("@<!-- -->@<!-- -->…");
  });

  it("never leaves half a surrogate pair where it cuts", () => {
    const out = escapeMarkdown("😀".repeat(50_000), { maxLength: 10 });
    expect(out).toBe(`${"😀".repeat(9)}…`);
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
