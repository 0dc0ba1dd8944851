import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXTRACT_PATH, fullOperations, generateExtract, OPENAPI_SOURCE } from "../../scripts/extract-openapi.js";
import { HANDLERS } from "../simulator/http-handler.js";

const extractText = readFileSync(EXTRACT_PATH, "utf8");
const extract = JSON.parse(extractText) as {
  "x-extract": { package: string; fullOperations: string[] };
  paths: Record<string, Record<string, { operationId: string; responses?: Record<string, unknown>; requestBody?: unknown }>>;
  components: Record<string, Record<string, unknown>>;
};
const pinned = (JSON.parse(readFileSync(join(import.meta.dirname, "../../scripts/openapi/package.json"), "utf8")) as { dependencies: Record<string, string> })
  .dependencies["@octokit/openapi"];
const hasSource = existsSync(OPENAPI_SOURCE);
if (!hasSource) console.warn("test/scripts: @octokit/openapi is not installed in scripts/openapi (npm ci --prefix scripts/openapi); skipping the drift check");

const operations = Object.values(extract.paths).flatMap((item) => Object.values(item));

describe("test/simulator/openapi-extract.json", () => {
  it("was made from the @octokit/openapi version pinned in scripts/openapi/package.json", () => {
    expect(extract["x-extract"].package).toBe(`@octokit/openapi@${pinned}`);
  });

  it("keeps request and response schemas of every operation the simulator serves", async () => {
    expect(extract["x-extract"].fullOperations).toEqual([...(await fullOperations())].sort());
    for (const id of Object.keys(HANDLERS)) {
      const op = operations.find((o) => o.operationId === id);
      expect(op?.responses, `${id} responses`).toBeDefined();
      expect(Object.keys(op!.responses!).length, id).toBeGreaterThan(0);
    }
    const createIssue = operations.find((o) => o.operationId === "issues/create")!;
    expect(JSON.stringify(createIssue.requestBody)).toContain('"title"');
    expect(JSON.stringify(createIssue.responses!["201"])).toContain("#/components/schemas/issue");
  });

  it("still routes every other operation of api.github.com, without its schemas", () => {
    expect(operations.length).toBeGreaterThan(1000);
    const listForOrg = operations.find((o) => o.operationId === "repos/list-for-org");
    expect(listForOrg).toBeDefined();
    expect(listForOrg!.responses).toBeUndefined();
  });

  it("resolves every reference inside itself", () => {
    const refs = [...extractText.matchAll(/"\$ref": "#\/components\/(\w+)\/([^"]+)"/g)];
    expect(refs.length).toBeGreaterThan(0);
    for (const [, kind, name] of refs) expect(extract.components[kind!]?.[name!], `${kind}/${name}`).toBeDefined();
  });

  it.skipIf(!hasSource)(
    `is what scripts/extract-openapi.ts makes from the pinned package now${hasSource ? "" : " (SKIPPED: run npm ci --prefix scripts/openapi)"}`,
    async () => {
      expect(await generateExtract(), "the extract drifted: run `npm run openapi` and commit the result").toBe(extractText);
    },
  );
});
