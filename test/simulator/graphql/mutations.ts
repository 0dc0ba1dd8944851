import type { GqlContext } from "./context.js";

/** The `Mutation` root fields the simulator answers. */
export function mutationRoot(_ctx: GqlContext): Record<string, unknown> {
  return {};
}
