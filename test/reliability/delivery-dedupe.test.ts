import { describe, expect, it } from "vitest";
import { DeliveryDedupe } from "../../src/reliability/delivery-dedupe.js";

describe("DeliveryDedupe", () => {
  it("reports the first delivery of an id as new and a redelivery as a duplicate", () => {
    const dedupe = new DeliveryDedupe();
    expect(dedupe.firstSeen("72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe(true);
    expect(dedupe.firstSeen("72d3162e-cc78-11e3-81ab-4c9367dc0958")).toBe(false);
    expect(dedupe.firstSeen("another-delivery")).toBe(true);
    expect(dedupe.size).toBe(2);
  });

  it("never holds more than its capacity and forgets the oldest id first", () => {
    const dedupe = new DeliveryDedupe(3);
    for (const id of ["a", "b", "c", "d"]) expect(dedupe.firstSeen(id)).toBe(true);
    expect(dedupe.size).toBe(3);
    // "d" evicted "a", so "a" counts as new again (and evicts "b", now the oldest).
    expect(dedupe.firstSeen("c")).toBe(false);
    expect(dedupe.firstSeen("d")).toBe(false);
    expect(dedupe.firstSeen("a")).toBe(true);
    expect(dedupe.firstSeen("b")).toBe(true);
    expect(dedupe.size).toBe(3);
  });

  it("a duplicate does not refresh or grow the memory", () => {
    const dedupe = new DeliveryDedupe(2);
    dedupe.firstSeen("a");
    dedupe.firstSeen("b");
    dedupe.firstSeen("a");
    expect(dedupe.size).toBe(2);
    dedupe.firstSeen("c");
    // "a" is still the oldest insertion, so it is the one evicted.
    expect(dedupe.firstSeen("b")).toBe(false);
    expect(dedupe.firstSeen("a")).toBe(true);
  });

  it("forget() lets a failed delivery be handled again when GitHub redelivers it", () => {
    const dedupe = new DeliveryDedupe();
    expect(dedupe.firstSeen("d1")).toBe(true);
    dedupe.forget("d1");
    expect(dedupe.size).toBe(0);
    expect(dedupe.firstSeen("d1")).toBe(true);
    expect(dedupe.firstSeen("d1")).toBe(false);
    dedupe.forget("never-seen");
    expect(dedupe.size).toBe(1);
  });
});
