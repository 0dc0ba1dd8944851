import { describe, expect, it } from "vitest";
import { breakBlankRuns, EMPTY_LINE_SENTINEL } from "../../src/intake/blank-runs.js";
import { parseIssueBody } from "../../src/intake/parse-issue-body.js";
import { splitList, trimAscii } from "../../src/intake/split-list.js";
import { exampleConfig, issueBody } from "./support.js";

/**
 * Bodies of GitHub's maximum size built from the runs that made the old regular expressions quadratic. These
 * tests check the answers read from them are right; the bench (`npm run bench -- adversarial`) measures time.
 */
const config = { ...exampleConfig(), limits: { ...exampleConfig().limits, maxBodyBytes: 1_000_000 } };
const RUN = 60_000;

describe("trimAscii", () => {
  it("trims ASCII blanks at both ends and nothing else", () => {
    expect(trimAscii(" \t\r\n\u00a0x\ufeff \n")).toBe("\u00a0x\ufeff");
    expect(trimAscii(" \t ")).toBe("");
    expect(trimAscii("")).toBe("");
  });

  it("keeps a long inner run of blanks", () => {
    const inner = `a${" \t".repeat(RUN)}b`;
    expect(trimAscii(`  ${inner}\n`)).toBe(inner);
  });
});

describe("splitList on long runs", () => {
  it("reads the two items around a run of blanks", () => {
    expect(splitList(`alice${" \t".repeat(RUN)}bob`)).toEqual(["alice", "bob"]);
    expect(splitList(`alice${" ".repeat(RUN)}\n${" ".repeat(RUN)}bob${" ".repeat(RUN)}`)).toEqual(["alice", "bob"]);
  });
});

describe("parseIssueBody on adversarial runs", () => {
  it("reads the members around a run of blanks", () => {
    const { request } = parseIssueBody(issueBody({ members: `alice,${" \t".repeat(RUN)}bob` }), config);
    expect(request.members).toEqual(["alice", "bob"]);
  });

  it("keeps every blank line inside a description, and its edges trimmed", () => {
    const description = `first${"\n".repeat(RUN)}last`;
    const { request } = parseIssueBody(issueBody({ description: `\n\n\n${description}\n\n\n` }), config);
    expect(request.description).toBe(description);
  });

  it("reads blank-line runs in CRLF and lone-CR bodies as line breaks", () => {
    const crlf = issueBody({ description: `a${"\n".repeat(RUN)}b` }).replace(/\n/g, "\r\n");
    expect(parseIssueBody(crlf, config).request.description).toBe(`a${"\n".repeat(RUN)}b`);
    const cr = issueBody({ description: `a${"\r".repeat(RUN)}b` });
    expect(parseIssueBody(cr, config).request.description).toBe(`a${"\n".repeat(RUN)}b`);
  });

  it("still reads `_No response_` surrounded by blank lines as no answer", () => {
    const { request } = parseIssueBody(issueBody({ display_name: `${"\n".repeat(1000)}_No response_${"\n".repeat(1000)}` }), config);
    expect(request.displayName).toBeUndefined();
  });

  it("ends the answer at a ### line with a run of blanks (a section the form does not have), in linear time", () => {
    const line = `### ${" \t".repeat(RUN)}x`;
    const { request, problems } = parseIssueBody(issueBody({ description: `before\n${line}` }), config);
    expect(request.description).toBe("before");
    expect(problems.filter((p) => p.field === "description" && p.message.includes("heading of a form field"))).toEqual([]);
  });

  it("reports a field heading with trailing blanks typed inside a later answer", () => {
    const { request, problems } = parseIssueBody(issueBody({ description: `### Team name${" \t".repeat(RUN)}\nx` }), config);
    expect(request.team).toBe("my-team");
    expect(problems.map((p) => p.field)).toContain("description");
  });
});

describe("breakBlankRuns", () => {
  const heading = (lines: string[]) => (i: number) => lines[i]?.startsWith("### ") === true;

  it("breaks a run inside an answer after its first empty line", () => {
    const lines = ["### A", "", "x", "", "", "", "y", "", "### B"];
    expect(breakBlankRuns(lines, heading(lines))).toEqual(["### A", "", "x", "", EMPTY_LINE_SENTINEL, EMPTY_LINE_SENTINEL, "y", "", "### B"]);
  });

  it("leaves runs next to a heading or the end alone", () => {
    const lines = ["### A", "", "", "x", "", "", "### B", "", "", "y", "", ""];
    expect(breakBlankRuns(lines, heading(lines))).toEqual(lines);
  });
});
