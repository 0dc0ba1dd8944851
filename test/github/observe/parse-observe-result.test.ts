import { describe, expect, it } from "vitest";
import { parseObserveResult, partialDataOfUnknownLogins, type ObserveInput } from "../../../src/github/observe/index.js";

const input: ObserveInput = {
  support: { owner: "acme", name: "requests", issue: 1 },
  gitops: { owner: "acme", name: "gitops", baseBranch: "main", branch: "onboard/a", paths: ["a.yaml"] },
  logins: ["alice"],
};

/** A GraphqlResponseError as Octokit throws it, by shape. */
function responseError(errors: unknown[], data: unknown): Error {
  return Object.assign(new Error("Request failed due to following response errors"), { name: "GraphqlResponseError", errors, data });
}

describe("parseObserveResult", () => {
  it("names the field when GitHub's answer is not shaped as the query asked", () => {
    expect(() => parseObserveResult(input, { rateLimit: { cost: 1, remaining: 4999 }, support: { id: "R_1", issue: null, config: null }, gitops: {} })).toThrow(
      /^observe: GitHub's answer is not shaped as the query asked: answer\.support\.issue: .*; answer\.gitops\.id: /,
    );
  });
});

describe("partialDataOfUnknownLogins", () => {
  const aliases = new Set(["u0", "u1"]);
  const notFound = (path: unknown[]) => ({ type: "NOT_FOUND", path, message: "Could not resolve to a User with the login of 'x'." });

  it("returns the partial data when every error is NOT_FOUND on a login alias", () => {
    const data = { u0: null, u1: { login: "bob" } };
    expect(partialDataOfUnknownLogins(responseError([notFound(["u0"])], data), aliases)).toBe(data);
  });

  it.each([
    ["a NOT_FOUND elsewhere", [notFound(["u0"]), notFound(["support", "issue"])]],
    ["a NOT_FOUND on an alias that is not a login's", [notFound(["f0"])]],
    ["another error type on a login alias", [{ type: "FORBIDDEN", path: ["u0"], message: "no" }]],
  ])("rethrows %s", (_, errors) => {
    const error = responseError(errors, { u0: null });
    expect(() => partialDataOfUnknownLogins(error, aliases)).toThrow(error);
  });

  it("returns the partial data when the other errors are any error on a team alias, that team read as not read at all", () => {
    const data = { u0: null, t0: { team: null }, t1: { team: null } };
    const errors = [notFound(["u0"]), { type: "FORBIDDEN", path: ["t0", "team"], message: "Resource not accessible by integration" }];
    expect(partialDataOfUnknownLogins(responseError(errors, data), aliases, new Set(["t0", "t1"]))).toEqual({ u0: null, t0: null, t1: { team: null } });
    expect(() => partialDataOfUnknownLogins(responseError(errors, data), aliases)).toThrow();
  });

  it("rethrows errors that are not GraphQL response errors", () => {
    const error = Object.assign(new Error("Bad gateway"), { status: 502 });
    expect(() => partialDataOfUnknownLogins(error, aliases)).toThrow(error);
  });
});
