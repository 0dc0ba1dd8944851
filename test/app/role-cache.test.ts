import { describe, expect, it } from "vitest";
import { RoleCache, ROLE_CACHE_TTL_MS } from "../../src/app/role-cache.js";
import { buildRoles } from "../../src/commands/roles.js";
import type { TriggerComment } from "../../src/controller/deps.js";

const REQUEST = { owner: "acme", repo: "support", number: 1 };
const PR = { owner: "acme", repo: "gitops", number: 7 };
const ROLES = buildRoles({ configApprovers: ["carol"], configReviewers: ["frank"], teamMembers: [], requester: "alice", prAuthor: "bot[bot]" });

function onPull(body: string, login = "dave", number = PR.number): TriggerComment {
  return { id: 100, on: "pull", where: { ...PR, number }, author: { login, type: "User" }, body };
}

function warmCache(now: { t: number }): RoleCache {
  const cache = new RoleCache(ROLE_CACHE_TTL_MS, () => now.t);
  cache.recordPull(REQUEST, { number: PR.number, roles: ROLES, holders: new Set(["frank"]), replies: new Map(), maxLines: 200 });
  return cache;
}

describe("the role cache", () => {
  it("refuses an outsider's commands and never decides one that could be allowed", () => {
    const cache = warmCache({ t: 0 });
    expect(cache.decide(REQUEST, onPull("/approve\n/lgtm"))?.refusals.map((r) => r.verb)).toEqual(["approve", "lgtm"]);
    expect(cache.decide(REQUEST, onPull("/hold cancel"))?.refusals).toHaveLength(1);
    for (const body of ["/hold", "/help", "/approve\n/hold", "/frobnicate"]) expect(cache.decide(REQUEST, onPull(body)), body).toBeUndefined();
    expect(cache.decide(REQUEST, onPull("/approve", "carol"))).toBeUndefined();
    expect(cache.decide(REQUEST, onPull("/hold cancel", "frank"))).toBeUndefined();
    expect(cache.decide(REQUEST, onPull("/retest", "alice"))).toBeUndefined();
  });

  it("is unsure after its lifetime, on another pull request, and about a /hold cancel from someone who just held", () => {
    const now = { t: 0 };
    const cache = warmCache(now);
    expect(cache.decide(REQUEST, onPull("/approve", "dave", 8))).toBeUndefined();
    cache.noteHold(REQUEST, "Dave");
    expect(cache.decide(REQUEST, onPull("/hold cancel"))).toBeUndefined();
    now.t = ROLE_CACHE_TTL_MS + 1;
    expect(cache.decide(REQUEST, onPull("/approve"))).toBeUndefined();
  });
});
