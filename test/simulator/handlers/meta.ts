import { RATE_LIMIT } from "../model.js";
import type { RouteHandler } from "../route-context.js";

/** Handlers of meta operations (`GET /rate_limit`). */
export const metaHandlers: Record<string, RouteHandler> = {
  "rate-limit/get": (ctx) => {
    const used = ctx.state.rateUsed.get(String(ctx.installationId ?? "app")) ?? 0;
    const core = { limit: RATE_LIMIT, used, remaining: Math.max(RATE_LIMIT - used, 0), reset: ctx.state.rateReset };
    const other = { limit: RATE_LIMIT, used: 0, remaining: RATE_LIMIT, reset: ctx.state.rateReset };
    return { body: { resources: { core, search: other, graphql: other }, rate: core } };
  },
};
