import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
const text = readFileSync(join(root, "app.yml"), "utf8");
const doc = parseDocument(text);
const manifest = doc.toJS() as Record<string, unknown>;

describe("app.yml (GitHub App manifest)", () => {
  it("parses without YAML errors or warnings", () => {
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
  });

  it("asks for exactly the least-privilege permissions the app uses", () => {
    expect(manifest.default_permissions).toEqual({
      issues: "write",
      pull_requests: "write",
      contents: "write",
      members: "read",
      metadata: "read",
    });
  });

  it("subscribes to exactly the events the app handles", () => {
    expect([...(manifest.default_events as string[])].sort()).toEqual(
      ["issue_comment", "issues", "pull_request", "pull_request_review"].sort(),
    );
  });

  it("is private and names itself and its URL, leaving the webhook URL to the set-up page", () => {
    expect(manifest.public).toBe(false);
    expect(manifest.name).toBe("onboarding-bot");
    expect(manifest.url).toMatch(/^https:\/\//);
    // A fixed URL here would win over the set-up page's and send every registered app's webhooks there.
    expect(manifest.hook_attributes).toEqual({ active: true });
  });

  it("explains every permission and every event in a comment on the line above", () => {
    const lines = text.split("\n");
    let section = "";
    const explained: string[] = [];
    const unexplained: string[] = [];
    lines.forEach((line, i) => {
      const top = /^([a-z_]+):/.exec(line);
      if (top) section = top[1] ?? "";
      const entry =
        section === "default_permissions" ? /^ {2}([a-z_]+):/.exec(line) : section === "default_events" ? /^ {2}- ([a-z_]+)$/.exec(line) : null;
      if (!entry) return;
      (/^\s*#\s*\S/.test(lines[i - 1] ?? "") ? explained : unexplained).push(entry[1] ?? "");
    });
    expect(unexplained).toEqual([]);
    expect(explained.sort()).toEqual(
      [...Object.keys(manifest.default_permissions as object), ...(manifest.default_events as string[])].sort(),
    );
  });
});
