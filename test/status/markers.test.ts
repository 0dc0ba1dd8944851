import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findMarkedComment, MARKERS, readMarker, renderMarker, STATUS_MARKER } from "../../src/status/markers.js";

describe("renderMarker / readMarker", () => {
  it("renders the plain status marker", () => {
    expect(renderMarker(MARKERS.status)).toBe(STATUS_MARKER);
    expect(readMarker(`${STATUS_MARKER}\nbody`, MARKERS.status)).toEqual({ state: undefined });
  });

  it("round-trips JSON state", () => {
    const marker = renderMarker(MARKERS.status, { v: 1, digest: "abc", n: -1 });
    expect(marker).toBe('<!-- onboarding-bot:status {"v":1,"digest":"abc","n":-1} -->');
    expect(readMarker(`${marker}\n### heading`, MARKERS.status)?.state).toEqual({ v: 1, digest: "abc", n: -1 });
  });

  it("encodes state so user text can never close or forge the comment", () => {
    const hostile = { team: "x --> <img src=x> --!> & -- <!-- onboarding-bot:status -->" };
    const marker = renderMarker(MARKERS.status, hostile);
    const inner = marker.slice("<!-- ".length, -" -->".length);
    expect(inner).not.toMatch(/[<>&]|--/);
    expect(readMarker(marker, MARKERS.status)?.state).toEqual(hostile);
  });

  it("round-trips any string state and never lets it end the comment early", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const marker = renderMarker(MARKERS.status, { s });
        expect(marker.indexOf("-->")).toBe(marker.length - 3);
        expect(readMarker(marker, MARKERS.status)?.state).toEqual({ s });
      }),
    );
  });

  it("does not read a marker that is not at the very start", () => {
    expect(readMarker(`hello ${STATUS_MARKER}`, MARKERS.status)).toBeUndefined();
    expect(readMarker("<!-- onboarding-bot:statusx -->", MARKERS.status)).toBeUndefined();
  });

  it("refuses marker names that are not plain identifiers", () => {
    expect(() => renderMarker("bad name -->")).toThrow(/not a marker name/);
  });
});

describe("findMarkedComment", () => {
  const comments = [
    { id: 1, body: `${STATUS_MARKER}\nforged`, user: { login: "mallory", type: "User" } },
    { id: 2, body: "plain", user: { login: "onboarding-bot[bot]", type: "Bot" } },
    { id: 3, body: `${renderMarker(MARKERS.status, { v: 1 })}\nreal`, user: { login: "onboarding-bot[bot]", type: "Bot" } },
    { id: 4, body: `${STATUS_MARKER}\nlater`, user: { login: "other-bot[bot]", type: "Bot" } },
  ];

  it("finds the oldest bot comment with the marker, ignoring a person's copy", () => {
    expect(findMarkedComment(comments, MARKERS.status)?.id).toBe(3);
  });

  it("only accepts the given author when one is named", () => {
    expect(findMarkedComment(comments, MARKERS.status, { author: "other-bot[bot]" })?.id).toBe(4);
    expect(findMarkedComment(comments, MARKERS.status, { author: "nobody" })).toBeUndefined();
  });
});
