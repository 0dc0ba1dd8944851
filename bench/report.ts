/** One figure's target: a bound the value must meet, as text for the line and as a check. */
export interface Target {
  text: string;
  met: boolean;
}

/** The lines printed so far (for a summary at the end). */
export const printed: string[] = [];

function format(value: number | string): string {
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** Prints `name: value unit (target: …) PASS|MISS`, or `name: value unit` for an informational figure. */
export function figure(name: string, value: number | string, unit: string, target?: Target): void {
  const base = `${name}: ${format(value)}${unit === "" ? "" : ` ${unit}`}`;
  const line = target ? `${base} (target: ${target.text}) ${target.met ? "PASS" : "MISS"}` : base;
  printed.push(line);
  console.log(line);
}

/** Prints a note that is not a figure (what was measured, why a figure is what it is). */
export function note(text: string): void {
  const line = `# ${text}`;
  printed.push(line);
  console.log(line);
}

/** `a <= b` as a target. */
export function atMost(limit: number, unit: string, value: number): Target {
  return { text: `<= ${format(limit)}${unit === "" ? "" : ` ${unit}`}`, met: value <= limit };
}

/** `a < b` as a target. */
export function below(limit: number, unit: string, value: number): Target {
  return { text: `< ${format(limit)}${unit === "" ? "" : ` ${unit}`}`, met: value < limit };
}
