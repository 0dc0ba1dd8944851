import type { FaultSpec } from "./types.js";

interface ArmedFault {
  spec: FaultSpec;
  remaining: number;
}

/** Injected faults, matched in insertion order; each applies to `times` matching requests (default 1). */
export class FaultQueue {
  readonly #faults: ArmedFault[] = [];

  /** Arms a fault. */
  add(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`inject: times must be a positive integer, got ${String(spec.times)}`);
    if (spec.graphqlField !== undefined && spec.operationId !== undefined && spec.operationId !== "graphql") {
      throw new Error(`inject: graphqlField '${spec.graphqlField}' only matches GraphQL requests, not operationId '${spec.operationId}'`);
    }
    if (spec.status === undefined && spec.network === undefined && spec.latencyMs === undefined) {
      throw new Error("inject: a fault needs a status, a network failure or a latencyMs");
    }
    this.#faults.push({ spec, remaining: times });
  }

  /** The first armed fault matching the request, consuming one of its uses. */
  take(method: string, path: string, operationId: string | undefined, graphqlFields: readonly string[] = [], graphqlOperation?: string): FaultSpec | undefined {
    const index = this.#faults.findIndex(({ spec }) => matches(spec, method, path, operationId, graphqlFields, graphqlOperation));
    if (index < 0) return undefined;
    const fault = this.#faults[index] as ArmedFault;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.#faults.splice(index, 1);
    return fault.spec;
  }

  /** How many faults are still armed. */
  get size(): number {
    return this.#faults.length;
  }

  /** Disarms every fault. */
  clear(): void {
    this.#faults.length = 0;
  }
}

function matches(
  spec: FaultSpec,
  method: string,
  path: string,
  operationId: string | undefined,
  graphqlFields: readonly string[],
  graphqlOperation: string | undefined,
): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.graphqlOperation !== undefined && spec.graphqlOperation !== graphqlOperation) return false;
  if (spec.graphqlField !== undefined && !graphqlFields.includes(spec.graphqlField)) return false;
  if (spec.operationId !== undefined && spec.operationId !== operationId) return false;
  if (spec.path !== undefined) {
    // Match the raw path (`heads%2Fmain`) or its decoded form (`heads/main`), whichever the test wrote.
    const forms = [path, safeDecode(path)];
    const pattern = spec.path;
    const hit = forms.some((form) => {
      pattern.lastIndex = 0;
      return pattern.test(form);
    });
    if (!hit) return false;
  }
  return true;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
