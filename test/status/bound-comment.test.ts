import { describe, expect, it } from "vitest";
import { boundComment, countOf, CUT_NOTE, MAX_COMMENT_CHARS, moreItems } from "../../src/status/bound-comment.js";

const line = (i: number, width = 100) => `- item ${i} ${"x".repeat(width)}`;

describe("boundComment", () => {
  it("leaves a comment that fits exactly as the lines joined", () => {
    const body = boundComment(["# title", { lines: ["- a", "- b"], more: moreItems("problem") }, "footer"]);
    expect(body).toBe("# title\n- a\n- b\nfooter");
  });

  it("keeps the first items that fit, in order, and says how many more there are in their place", () => {
    const items = Array.from({ length: 2000 }, (_, i) => line(i));
    const body = boundComment(["head", { lines: items, more: moreItems("problem") }, "footer"]);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    const lines = body.split("\n");
    expect(lines[0]).toBe("head");
    expect(lines.at(-1)).toBe("footer");
    const kept = lines.slice(1, -2);
    expect(kept).toEqual(items.slice(0, kept.length));
    expect(lines.at(-2)).toBe(`- … and ${items.length - kept.length} more problems`);
    // As many as fit: one more item would not have.
    expect(body.length + (items[kept.length]?.length ?? 0) + 1).toBeGreaterThan(MAX_COMMENT_CHARS);
  });

  it("counts the entries left out before the lines were built (total)", () => {
    const body = boundComment([{ lines: ["- a"], total: 51, more: moreItems("problem") }]);
    expect(body).toBe("- a\n- … and 50 more problems");
  });

  it("says one more in the singular", () => {
    expect(moreItems("problem")(1)).toBe("- … and 1 more problem");
    expect(moreItems("file")(3)).toBe("- … and 3 more files");
    expect(countOf(2, "entry", "entries")).toBe("2 entries");
  });

  it("fills earlier lists first and lets a later list use what an earlier one did not need", () => {
    const small = { lines: ["- s1", "- s2"], more: moreItems("notice") };
    const big = { lines: Array.from({ length: 1000 }, (_, i) => line(i)), more: moreItems("problem") };
    const body = boundComment([small, big], 10_000);
    expect(body.startsWith("- s1\n- s2\n")).toBe(true);
    expect(body.length).toBeLessThanOrEqual(10_000);
    expect(body).toMatch(/- … and \d+ more problems$/);
    expect(body).not.toContain("more notice");
  });

  it("cuts fixed lines that alone are too long at a line break and says the rest was left out", () => {
    const fixed = Array.from({ length: 100 }, (_, i) => line(i, 1000));
    const body = boundComment(fixed);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.endsWith(`\n${CUT_NOTE}`)).toBe(true);
    const kept = body.split("\n").slice(0, -1);
    expect(kept).toEqual(fixed.slice(0, kept.length));
  });

  it("cuts one huge line without splitting a surrogate pair", () => {
    const body = boundComment([`a${"😀".repeat(40_000)}`]);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.endsWith(CUT_NOTE)).toBe(true);
    expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
