import { describe, expect, it } from "vitest";
import { validateSchema } from "../../src/validation/validate-schema.js";
import { validateRequest } from "../../src/validation/validate-request.js";
import { exampleConfig, snapshotOf, validRequest } from "../intake/support.js";

const config = exampleConfig();

describe("lists far over the schema's limit", () => {
  it("are refused with their real length, and only the entries the schema reads are checked one by one", () => {
    const namespaces = Array.from({ length: 60_000 }, (_, i) => `Bad_${i}`);
    const problems = validateSchema(validRequest({ namespaces }), config);
    expect(problems).toContainEqual(expect.objectContaining({ field: "namespaces", message: "60000 namespaces are listed" }));
    const perEntry = problems.filter((p) => p.value !== undefined);
    expect(perEntry.length).toBeGreaterThan(0);
    expect(perEntry.length).toBeLessThanOrEqual(1001);
    expect(perEntry[0]?.value).toBe("Bad_0");
  });

  it("leave the request itself as it was", () => {
    const members = Array.from({ length: 5000 }, (_, i) => `user-${i}`);
    const request = validRequest({ members });
    const result = validateRequest(request, config, { snapshot: snapshotOf([]), users: null });
    expect(request.members).toHaveLength(5000);
    expect(result.problems).toContainEqual(expect.objectContaining({ field: "members", message: "5000 members are listed" }));
  });
});
