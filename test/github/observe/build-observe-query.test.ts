import { describe, expect, it } from "vitest";
import { buildObserveQuery, type ObserveInput, type ObserveScope } from "../../../src/github/observe/index.js";
import { prepareDocument } from "../../simulator/graphql/schema.js";

function inputWith(paths: string[], logins: string[], branch = "onboard/team-a"): ObserveInput {
  return {
    support: { owner: "acme", name: "requests", issue: 7 },
    gitops: { owner: "acme", name: "gitops", baseBranch: "main", branch, paths },
    logins,
  };
}

describe("buildObserveQuery", () => {
  it.each<[ObserveScope, number, number]>([
    ["both", 0, 0],
    ["both", 3, 2],
    ["support", 2, 2],
    ["gitops", 2, 2],
    ["support", 0, 0],
  ])("writes a document GitHub's schema accepts (scope %s, %i paths, %i logins)", (scope, paths, logins) => {
    const input = inputWith(
      Array.from({ length: paths }, (_, i) => `dir/file-${i}.yaml`),
      Array.from({ length: logins }, (_, i) => `user-${i}`),
    );
    const { query } = buildObserveQuery(input, scope);
    expect(prepareDocument(query).errors.map((e) => e.message)).toEqual([]);
  });

  it.each<ObserveScope>(["both", "support"])("writes a document GitHub's schema accepts with the requester's open requests (scope %s)", (scope) => {
    const input = { ...inputWith(["a.yaml"], ["alice"]), openRequests: { creator: "alice", label: "onboarding", first: 6 } };
    const { query, variables } = buildObserveQuery(input, scope);
    expect(prepareDocument(query).errors.map((e) => e.message)).toEqual([]);
    expect(variables).toMatchObject({ openCreator: "alice", openLabel: "onboarding", openFirst: 6 });
  });

  it("keeps a hostile requester and label out of the document, in variables", () => {
    const plain = buildObserveQuery({ ...inputWith([], []), openRequests: { creator: "alice", label: "onboarding", first: 3 } });
    const hostile = buildObserveQuery({ ...inputWith([], []), openRequests: { creator: 'a"}) { id } #', label: 'x"] } } #', first: 3 } });
    expect(hostile.query).toBe(plain.query);
  });

  it("keeps a hostile login, path or branch out of the document: the text is the same as for plain input", () => {
    const plain = buildObserveQuery(inputWith(["a.yaml", "b"], ["alice", "bob"], "onboard/x"));
    const hostileInput = inputWith(
      ['a"b}/c\n) { viewer { login } } #', "b\\\"}\r\n"],
      ['x") { id } u1: user(login: "alice', "bob\n}\n{"],
      'x" } } mutation { deleteRef(input: {refId: "1"}) { clientMutationId } } #',
    );
    const hostile = buildObserveQuery(hostileInput);
    expect(hostile.query).toBe(plain.query);
    expect(hostile.variables).toMatchObject({
      path0: hostileInput.gitops.paths[0],
      path1: hostileInput.gitops.paths[1],
      login0: hostileInput.logins[0],
      login1: hostileInput.logins[1],
      branch: hostileInput.gitops.branch,
      branchRef: `refs/heads/${hostileInput.gitops.branch}`,
    });
    expect(hostile.pathAliases.map((a) => a.alias)).toEqual(["f0", "f1"]);
    expect(hostile.loginAliases.map((a) => a.alias)).toEqual(["u0", "u1"]);
  });

  it("reads each repeated path and login once", () => {
    const { pathAliases, loginAliases } = buildObserveQuery(inputWith(["a", "b", "a"], ["alice", "alice"]));
    expect(pathAliases).toEqual([
      { alias: "f0", path: "a" },
      { alias: "f1", path: "b" },
    ]);
    expect(loginAliases).toEqual([{ alias: "u0", login: "alice" }]);
  });

  it("names each invalid field, what is wrong and what would be right", () => {
    const bad: ObserveInput = {
      support: { owner: "", name: "requests", issue: 0 },
      gitops: { owner: "acme", name: "gitops", baseBranch: "main", branch: "x", paths: ["/abs", "a//b"] },
      logins: [""],
    };
    expect(() => buildObserveQuery(bad)).toThrow(
      "observe: invalid input: support.owner: must be a non-empty account name; support.issue: must be an issue number (a positive integer); " +
        "gitops.paths.0: must be relative to the repository root, without a leading or trailing '/', '//', '.' or '..' (e.g. namespaces/team-a); " +
        "gitops.paths.1: must be relative to the repository root, without a leading or trailing '/', '//', '.' or '..' (e.g. namespaces/team-a); " +
        "logins.0: must be a non-empty login",
    );
  });

  it("refuses more paths than one query should read", () => {
    expect(() => buildObserveQuery(inputWith(Array.from({ length: 101 }, (_, i) => `p${i}`), []))).toThrow("gitops.paths: must list at most 100 paths");
  });
});
