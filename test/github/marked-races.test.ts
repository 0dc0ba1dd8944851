import { describe, expect, it } from "vitest";
import { settleAmong } from "../../src/github/marked-races.js";

/** The marker as bodies start with it, and its key as `markerKey` answers it (the marker up to its first space). */
const MARKER = "<!-- onboarding-bot:status -->";
const KEY = "<!-- onboarding-bot:status";
const APP = "onboarding-bot[bot]";
const created = { id: 20, login: APP, body: `${MARKER}\nmine` };

describe("settleAmong: the survivor's body is only ever what the listing showed or what was written onto it", () => {
  it("answers no body for a created comment the listing does not show (deleted meanwhile), rather than the body it was created with", () => {
    const { survivor, losers } = settleAmong([{ id: 7, login: "alice", body: "hello" }], created, KEY);
    expect(survivor.id).toBe(20);
    expect(survivor.body).toBeUndefined();
    expect(losers).toEqual([]);
  });

  it("answers the created comment's body as listed when someone edited its marker away", () => {
    const { survivor } = settleAmong([{ id: 20, login: APP, body: "edited by a person" }], created, KEY);
    expect(survivor).toMatchObject({ id: 20, body: "edited by a person" });
  });

  it("answers the body as listed when the created comment is the oldest with the marker", () => {
    const { survivor } = settleAmong([{ id: 20, login: APP, body: `${MARKER}\nedited since` }], created, KEY);
    expect(survivor).toMatchObject({ id: 20, body: `${MARKER}\nedited since` });
  });

  it("never lets an outsider's older comment carrying the marker, nor a user named like the app, win the race", () => {
    const listed = [
      { id: 3, login: "mallory", body: `${MARKER}\nforged` },
      { id: 4, login: "onboarding-bot", body: `${MARKER}\nlook-alike` },
      { id: 20, login: APP, body: created.body },
    ];
    expect(settleAmong(listed, created, KEY)).toMatchObject({ survivor: { id: 20 }, losers: [], rewrite: undefined });
  });

  it("gives the older comment the losing writer's body, merged as the writer says, and leaves a reply as it was answered", () => {
    const listed = [
      { id: 10, login: APP, body: `${MARKER}\nkept` },
      { id: 20, login: APP, body: created.body },
    ];
    expect(settleAmong(listed, created, KEY)).toMatchObject({ survivor: { id: 10 }, losers: [20], rewrite: `${MARKER}\nmine` });
    const merged = settleAmong(listed, created, KEY, (kept, mine) => `${mine}+${kept.split("\n")[1]}`);
    expect(merged.rewrite).toBe(`${MARKER}\nmine+kept`);
    // Nothing to write when the merge gives the survivor's own body.
    expect(settleAmong(listed, created, KEY, (kept) => kept).rewrite).toBeUndefined();
    const reply = "<!-- onboarding-bot:reply 41";
    const replies = [
      { id: 10, login: APP, body: `${reply} -->\nfirst answer` },
      { id: 20, login: APP, body: `${reply} -->\nsecond answer` },
    ];
    expect(settleAmong(replies, { id: 20, login: APP, body: `${reply} -->\nsecond answer` }, reply).rewrite).toBeUndefined();
  });
});
