import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderCommandReference } from "../../src/commands/command-table.js";
import { extractMarkedSection } from "../../src/config/config-reference.js";

describe("README command reference", () => {
  it("is exactly what the bot's own command table renders (the table /help answers with)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = extractMarkedSection(readme, "command-reference");
    expect(section, "README.md lacks the command-reference markers; run npm run schemas").toBeDefined();
    expect(section!.trim()).toBe(renderCommandReference(3).trim());
  });
});
