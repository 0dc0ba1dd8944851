import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareQuantities, isZero, parseQuantity } from "../../src/validation/parse-quantity.js";

function cmp(a: string, b: string): number {
  const qa = parseQuantity(a);
  const qb = parseQuantity(b);
  if (!qa || !qb) throw new Error(`not quantities: ${a} ${b}`);
  return compareQuantities(qa, qb);
}

describe("parseQuantity", () => {
  it("reads cores, millicores and byte suffixes exactly", () => {
    expect(cmp("500m", "0.5")).toBe(0);
    expect(cmp("1", "1000m")).toBe(0);
    expect(cmp("1Gi", "1073741824")).toBe(0);
    expect(cmp("1G", "1000M")).toBe(0);
    expect(cmp("1.5Ti", "1536Gi")).toBe(0);
  });

  it("orders binary and decimal suffixes by value, not by text", () => {
    expect(cmp("1Gi", "1G")).toBe(1);
    expect(cmp("999Mi", "1Gi")).toBe(-1);
    expect(cmp("2Ti", "1024Gi")).toBe(1);
    expect(cmp("16", "64")).toBe(-1);
  });

  it("refuses signs, exponents, spaces and unknown suffixes", () => {
    for (const bad of ["-1", "+1", "1e3", "1 Gi", "1GB", "", "Gi", ".5", "1.", "0x10"]) expect(parseQuantity(bad), bad).toBeUndefined();
  });

  it("knows zero", () => {
    expect(isZero(parseQuantity("0Gi") ?? { numerator: 1n, denominator: 1n })).toBe(true);
    expect(isZero(parseQuantity("1m") ?? { numerator: 0n, denominator: 1n })).toBe(false);
  });

  it("agrees with the arithmetic order of whole numbers of Mi", () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.nat(1_000_000), (a, b) => {
        expect(cmp(`${a}Mi`, `${b}Mi`)).toBe(Math.sign(a - b));
        expect(cmp(`${a}Mi`, `${a * 1024}Ki`)).toBe(0);
      }),
    );
  });
});
