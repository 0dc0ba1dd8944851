import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeFence, inlineCode } from "../../src/util/code-fence.js";

/** The opening fence of a fenced block: its first line's run of backticks. */
function fenceOf(block: string): string {
  return /^`+/.exec(block)?.[0] ?? "";
}

describe("codeFence", () => {
  it("uses three backticks and the info string for plain text, and ends the content with a newline", () => {
    expect(codeFence("a: 1", "yaml")).toBe("```yaml\na: 1\n```");
    expect(codeFence("a: 1\n")).toBe("```\na: 1\n```");
  });

  it("makes the fence longer than the longest run of backticks inside the content", () => {
    const content = "description: |\n  ```\n  ````` nested\n  ```\n";
    const block = codeFence(content, "yaml");
    expect(fenceOf(block)).toBe("``````");
    expect(block.endsWith("\n``````")).toBe(true);
  });

  it("can never be closed early by the content it wraps", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("`", "``", "```", "````", "\n", "~~~"), fc.string({ maxLength: 5 })), { maxLength: 20 }), (parts) => {
        const content = parts.join("");
        const block = codeFence(content);
        const fence = fenceOf(block);
        // No line of the content is a run of backticks as long as the fence (which would close it).
        const inner = block.slice(fence.length + 1, block.length - fence.length);
        for (const line of inner.split("\n")) expect(line.trim().startsWith(fence)).toBe(false);
        expect(inner.replace(/\n$/, "")).toBe(content.replace(/\n$/, ""));
      }),
    );
  });
});

describe("inlineCode", () => {
  it("wraps plain values in single backticks", () => {
    expect(inlineCode("aurora-dev")).toBe("`aurora-dev`");
  });

  it("uses a delimiter longer than any backtick run inside the value", () => {
    expect(inlineCode("a`b")).toBe("`` a`b ``");
    expect(inlineCode("a``b")).toBe("``` a``b ```");
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (value) => {
        const code = inlineCode(value);
        const delimiter = fenceOf(code);
        expect(value.includes(delimiter)).toBe(false);
        expect(code.endsWith(delimiter)).toBe(true);
      }),
    );
  });
});
