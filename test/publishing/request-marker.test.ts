import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRequestMarker, renderRequestMarker, requestOfPull, type RequestMarker } from "../../src/publishing/request-marker.js";

const MARKER: RequestMarker = { owner: "operate-first", repo: "apps", number: 123, digest: "0123456789abcdef0123" };
const PREFIX = "<!-- onboarding-bot:request ";

/** A body with the marker JSON written by hand (how a forger would write it). */
const bodyWith = (json: string) => `${PREFIX}${json} -->\n## Onboarding`;

const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,100}$/);
const digest = fc.stringMatching(/^[0-9a-f]{1,64}$/);

describe("renderRequestMarker / parseRequestMarker", () => {
  it("round-trips any valid marker", () => {
    fc.assert(
      fc.property(name, name, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), digest, (owner, repo, number, d) => {
        const marker = { owner, repo, number, digest: d };
        expect(parseRequestMarker(renderRequestMarker(marker))).toEqual(marker);
      }),
    );
  });

  it("is a single HTML comment line that finds itself inside a longer body", () => {
    const line = renderRequestMarker(MARKER);
    expect(line).toMatch(/^<!-- onboarding-bot:request \{.*\} -->$/);
    expect(line.split("\n")).toHaveLength(1);
    expect(parseRequestMarker(`Some text\n${line}\n## Onboarding: team \`aurora\`\n`)).toEqual(MARKER);
  });

  it("keeps only the four known fields when a forged marker carries extra ones", () => {
    const forged = `${JSON.stringify(MARKER).slice(0, -1)},"admin":true,"__proto__":{"polluted":1}}`;
    const parsed = parseRequestMarker(bodyWith(forged));
    expect(parsed).toEqual(MARKER);
    expect(Object.keys(parsed ?? {}).sort()).toEqual(["digest", "number", "owner", "repo"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads nothing from a body without a marker, or without its end", () => {
    expect(parseRequestMarker(undefined)).toBeUndefined();
    expect(parseRequestMarker(null)).toBeUndefined();
    expect(parseRequestMarker("")).toBeUndefined();
    expect(parseRequestMarker("a pull request someone else opened")).toBeUndefined();
    expect(parseRequestMarker(`${PREFIX}${JSON.stringify(MARKER)}`)).toBeUndefined();
  });

  it("rejects malformed JSON and JSON that is not an object", () => {
    for (const json of ["{", "{owner: 'a'}", "null", "[]", '"operate-first/apps#1"', "42", "{} {}"]) {
      expect(parseRequestMarker(bodyWith(json))).toBeUndefined();
    }
  });

  it("rejects fields of the wrong type or out of range", () => {
    const variants: Array<Record<string, unknown>> = [
      { ...MARKER, number: "123" },
      { ...MARKER, number: 1.5 },
      { ...MARKER, number: 0 },
      { ...MARKER, number: -4 },
      { ...MARKER, number: 2 ** 53 },
      { ...MARKER, owner: 7 },
      { ...MARKER, owner: ["operate-first"] },
      { ...MARKER, repo: null },
      { ...MARKER, digest: 12345 },
      { owner: MARKER.owner, repo: MARKER.repo, number: MARKER.number },
    ];
    for (const v of variants) expect(parseRequestMarker(bodyWith(JSON.stringify(v)))).toBeUndefined();
  });

  it("rejects names and digests outside their syntax", () => {
    const variants: Array<Partial<RequestMarker>> = [
      { owner: "" },
      { owner: "has space" },
      { owner: "a/b" },
      { owner: "x".repeat(101) },
      { repo: "apps<script>" },
      { digest: "ABCDEF" },
      { digest: "xyz" },
      { digest: "" },
      { digest: "a".repeat(65) },
    ];
    for (const v of variants) expect(parseRequestMarker(bodyWith(JSON.stringify({ ...MARKER, ...v })))).toBeUndefined();
  });

  it("rejects a marker whose value tries to close the comment with -->", () => {
    const forged = bodyWith(JSON.stringify({ ...MARKER, repo: "apps --> <img src=x onerror=alert(1)>" }));
    expect(parseRequestMarker(forged)).toBeUndefined();
    const noSpace = bodyWith(JSON.stringify({ ...MARKER, owner: "evil-->" }));
    expect(parseRequestMarker(noSpace)).toBeUndefined();
  });

  it("refuses to render a value that could break out of the comment or not parse back", () => {
    expect(() => renderRequestMarker({ ...MARKER, repo: "apps --> <b>hi</b>" })).toThrow(/renderRequestMarker/);
    expect(() => renderRequestMarker({ ...MARKER, number: 0 })).toThrow(/positive integer/);
    expect(() => renderRequestMarker({ ...MARKER, digest: "NOT-HEX" })).toThrow(/hex/);
    fc.assert(
      fc.property(fc.string(), fc.string(), (owner, repo) => {
        let line: string;
        try {
          line = renderRequestMarker({ ...MARKER, owner, repo });
        } catch {
          return;
        }
        // Whatever renders has exactly one comment end, at the end, and parses back to itself.
        expect(line.indexOf("-->")).toBe(line.length - 3);
        expect(parseRequestMarker(line)).toEqual({ ...MARKER, owner, repo });
      }),
    );
  });
});

describe("requestOfPull", () => {
  it("gives the request issue a marked pull request belongs to", () => {
    expect(requestOfPull(`intro\n${renderRequestMarker(MARKER)}`)).toEqual({ owner: "operate-first", repo: "apps", number: 123 });
  });

  it("gives nothing for a pull request without a valid marker", () => {
    expect(requestOfPull("Fixes #12")).toBeUndefined();
    expect(requestOfPull(bodyWith('{"owner":"a","repo":"b","number":"1","digest":"ab"}'))).toBeUndefined();
  });
});
