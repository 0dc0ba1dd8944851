import { describe, expect, it } from "vitest";
import { MAX_BODY_CHARS, renderPullBody, renderPullTitle, type PullBodyInput } from "../../src/publishing/pr-body.js";
import { parseRequestMarker } from "../../src/publishing/request-marker.js";
import type { FileChange, OnboardingRequest } from "../../src/types.js";

const REQUEST: OnboardingRequest = {
  team: "aurora",
  namespaces: ["aurora-dev", "aurora-prod"],
  clusters: ["smaug"],
  owner: "alice",
  members: ["alice", "bob-the-builder", "Carol"],
  description: "Aurora's data pipelines",
  quotaTier: "small",
  acknowledged: true,
};
const FILES: FileChange[] = [
  { path: "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml", content: "apiVersion: v1\nkind: Namespace\n" },
  { path: "cluster-scope/overlays/prod/moc/smaug/kustomization.yaml", content: "resources:\n- ../../../../base/core/namespaces/aurora-dev\n" },
];

function input(overrides: Partial<PullBodyInput> = {}): PullBodyInput {
  return {
    request: REQUEST,
    ref: { owner: "operate-first", repo: "apps", number: 42 },
    requestUrl: "https://github.com/operate-first/apps/issues/42",
    files: FILES,
    createdPaths: [FILES[0]?.path ?? ""],
    editedPaths: [FILES[1]?.path ?? ""],
    teamReused: false,
    digest: "0123456789abcdef0123",
    closingKeyword: true,
    ...overrides,
  };
}

/** The body with fenced blocks and code spans removed: what GitHub would scan for @mentions and links. */
function outsideCode(body: string): string {
  return body.replace(/^(`{3,})[^`\n]*\n[\s\S]*?\n\1$/gm, "").replace(/(?<!`)(`+)(?!`)[^`]*(?<!`)\1(?!`)/g, "");
}

describe("renderPullBody", () => {
  it("starts with the request marker carrying the request and the digest", () => {
    const body = renderPullBody(input());
    expect(body.split("\n")[0]).toMatch(/^<!-- onboarding-bot:request /);
    expect(parseRequestMarker(body)).toEqual({ owner: "operate-first", repo: "apps", number: 42, digest: "0123456789abcdef0123" });
  });

  it("shows the owner and members as code, never as @mentions", () => {
    const body = renderPullBody(input());
    for (const login of [REQUEST.owner, ...REQUEST.members]) expect(body).toContain(`\`${login}\``);
    expect(outsideCode(body)).not.toContain("@");
    for (const login of REQUEST.members) expect(outsideCode(body)).not.toContain(login);
  });

  it("links the request with a closing keyword only when configured", () => {
    expect(renderPullBody(input({ closingKeyword: true }))).toContain("\nCloses operate-first/apps#42\n");
    const without = renderPullBody(input({ closingKeyword: false }));
    expect(without).not.toMatch(/\b(close[sd]?|fix(e[sd])?|resolve[sd]?)\s+operate-first\/apps#42/i);
    expect(without).toContain("operate-first/apps#42");
  });

  it("marks each file as new or edited and says whether the team is reused", () => {
    const body = renderPullBody(input());
    expect(body).toContain(`- \`${FILES[0]?.path}\` (new)`);
    expect(body).toContain(`- \`${FILES[1]?.path}\` (edited)`);
    expect(body).toContain("(new) |");
    expect(renderPullBody(input({ teamReused: true }))).toContain("`aurora` (existing, reused)");
  });

  it("shows a custom quota's values", () => {
    const custom = { ...REQUEST, quotaTier: "custom", customQuota: { cpu: "4", memory: "16Gi", storage: "100Gi" } };
    expect(renderPullBody(input({ request: custom }))).toContain("| Quota | custom: `cpu 4`, `memory 16Gi`, `storage 100Gi` |");
  });

  it("fences each file with more backticks than any run inside it, so content cannot escape the block", () => {
    const tricky: FileChange = {
      path: "cluster-scope/base/core/namespaces/aurora-dev/namespace.yaml",
      content: "metadata:\n  annotations:\n    description: |\n      ````\n      </details>\n      @everyone ![x](y)\n      ````\n",
    };
    const body = renderPullBody(input({ files: [tricky], createdPaths: [tricky.path] }));
    expect(body).toContain(`\`\`\`\`\`yaml\n${tricky.content}\`\`\`\`\``);
    // Outside the fence the injected text is gone: the content stayed inside its block.
    expect(outsideCode(body)).not.toContain("@everyone");
    expect(outsideCode(body).match(/<\/details>/g)).toHaveLength(1);
  });

  it("includes the rendered files when they fit", () => {
    const body = renderPullBody(input());
    expect(body).toContain("<details><summary>Rendered files</summary>");
    expect(body).toContain("kind: Namespace");
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
  });

  it("falls back to the file list when the rendered files would exceed the limit", () => {
    const big = Array.from({ length: 20 }, (_, i) => ({ path: `tenants/aurora/ns-${i}/namespace.yaml`, content: `# ${"x".repeat(4000)}\n` }));
    const body = renderPullBody(input({ files: big, createdPaths: big.map((f) => f.path) }));
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).not.toContain("<details>");
    expect(body).toContain("too large to show here");
    for (const f of big) expect(body).toContain(`\`${f.path}\` (new)`);
    expect(parseRequestMarker(body)?.digest).toBe("0123456789abcdef0123");
  });

  it("stays below the limit for a huge file set, listing what fits and counting the rest", () => {
    const huge = Array.from({ length: 3000 }, (_, i) => ({
      path: `cluster-scope/base/core/namespaces/aurora-namespace-${i}/kustomization.yaml`,
      content: "resources: []\n",
    }));
    const body = renderPullBody(input({ files: huge, createdPaths: [] }));
    expect(body.length).toBeLessThanOrEqual(MAX_BODY_CHARS);
    expect(body).toContain(`\`${huge[0]?.path}\` (edited)`);
    const listed = body.match(/^- `cluster-scope\/[^`]+` \(edited\)$/gm)?.length ?? 0;
    expect(listed).toBeGreaterThan(100);
    expect(body).toContain(`- ... and ${huge.length - listed} more files (see the Files tab)`);
    expect(parseRequestMarker(body)?.digest).toBe("0123456789abcdef0123");
    expect(body).toContain("comment `/help` for the full list");
  });
});

describe("renderPullTitle", () => {
  it("names the team, namespaces and clusters", () => {
    expect(renderPullTitle(REQUEST)).toBe("Onboard aurora: aurora-dev, aurora-prod on smaug");
  });

  it("is cut to GitHub's title length with an ellipsis", () => {
    const many = { ...REQUEST, namespaces: Array.from({ length: 40 }, (_, i) => `aurora-namespace-${i}`) };
    const title = renderPullTitle(many);
    expect(title.length).toBe(250);
    expect(title.endsWith("...")).toBe(true);
  });
});
