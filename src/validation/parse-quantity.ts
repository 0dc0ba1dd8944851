/**
 * Kubernetes resource quantities (`500m`, `4`, `16Gi`, `1.5T`) as exact fractions, so quotas compare without
 * floating-point rounding.
 */

/** An exact quantity: `numerator / denominator` base units (cores, or bytes). */
export interface Quantity {
  numerator: bigint;
  denominator: bigint;
}

const SUFFIX: Readonly<Record<string, { mul: bigint; div: bigint }>> = {
  "": { mul: 1n, div: 1n },
  m: { mul: 1n, div: 1000n },
  k: { mul: 10n ** 3n, div: 1n },
  M: { mul: 10n ** 6n, div: 1n },
  G: { mul: 10n ** 9n, div: 1n },
  T: { mul: 10n ** 12n, div: 1n },
  P: { mul: 10n ** 15n, div: 1n },
  E: { mul: 10n ** 18n, div: 1n },
  Ki: { mul: 2n ** 10n, div: 1n },
  Mi: { mul: 2n ** 20n, div: 1n },
  Gi: { mul: 2n ** 30n, div: 1n },
  Ti: { mul: 2n ** 40n, div: 1n },
  Pi: { mul: 2n ** 50n, div: 1n },
  Ei: { mul: 2n ** 60n, div: 1n },
};

/** A quantity as Kubernetes writes it; digits are bounded so hostile input cannot make huge numbers. */
const QUANTITY = /^(\d{1,18})(?:\.(\d{1,9}))?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** Parses a quantity such as `500m` or `16Gi`; `undefined` for anything else (signs and exponents included). */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const whole = m[1] ?? "0";
  const fraction = m[2] ?? "";
  const suffix = SUFFIX[m[3] ?? ""];
  if (!suffix) return undefined;
  const numerator = BigInt(whole + fraction) * suffix.mul;
  const denominator = 10n ** BigInt(fraction.length) * suffix.div;
  return { numerator, denominator };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** Whether the quantity is zero. */
export function isZero(q: Quantity): boolean {
  return q.numerator === 0n;
}
