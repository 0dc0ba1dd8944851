import { parse } from "yaml";
import { z } from "zod";
import { CHANGE_REQUEST_KINDS, DNS1123_LABEL, QUANTITY } from "../../config/schema.js";

/**
 * The change requests an existing tenant makes after onboarding (issue 13), one shape per kind. Every kind names the
 * `team` it concerns; a request is a JSON or YAML mapping with exactly these keys (unknown keys are refused, so a
 * typo never passes silently). An optional `kind` key must match the kind the request is read as.
 *
 * - `members`: `{ team, add?: [login], remove?: [login] }`, at least one login; a login in both lists is refused.
 * - `quota`: `{ team, namespace, tier }`, and `customQuota: { cpu, memory, storage }` exactly when `tier` is `custom`.
 * - `namespace`: `{ team, namespace, clusters: [name], tier, customQuota?, owner, description, displayName?, docsUrl? }`.
 * - `cluster`: `{ team, namespace, add?: [cluster], remove?: [cluster] }`, at least one cluster.
 * - `offboard`: `{ team, namespace, clusters: [cluster] }`: the clusters to remove the namespace from.
 */
export const CHANGE_KINDS = CHANGE_REQUEST_KINDS;

/** One of {@link CHANGE_KINDS}. */
export type ChangeKind = (typeof CHANGE_KINDS)[number];

const label = (what: string) =>
  z
    .string()
    .max(63, { message: `${what} has more than 63 characters; expected a DNS-1123 label` })
    .regex(DNS1123_LABEL, { message: `${what} must be a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit)` });

const login = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, { message: "must be a GitHub login (letters, digits and single '-', at most 39 characters, no '@')" });

const quantity = (what: string) => z.string().regex(QUANTITY, { message: `${what} must be a Kubernetes quantity such as '4', '500m' or '16Gi'` });

const customQuota = z.object({ cpu: quantity("cpu"), memory: quantity("memory"), storage: quantity("storage") }).strict();

const kindKey = (kind: ChangeKind) => z.literal(kind, { message: `must be '${kind}' (the kind this request is read as)` }).optional();

const logins = z.array(login).max(1000).optional();
const clusterList = z.array(label("a cluster name")).max(100);

/** Custom quota values of a quota or namespace request. */
export type CustomQuotaValues = z.infer<typeof customQuota>;

const tierWithCustom = <T extends { tier: string; customQuota?: unknown }>(value: T, ctx: z.core.$RefinementCtx): void => {
  if (value.tier === "custom" && value.customQuota === undefined) {
    ctx.addIssue({ code: "custom", path: ["customQuota"], message: "tier 'custom' needs customQuota: { cpu, memory, storage }" });
  }
  if (value.tier !== "custom" && value.customQuota !== undefined) {
    ctx.addIssue({ code: "custom", path: ["customQuota"], message: `customQuota is only read with tier 'custom' (the tier is '${value.tier}'); drop it or set tier: custom` });
  }
};

const addOrRemove = (what: string) => (value: { add?: string[] | undefined; remove?: string[] | undefined }, ctx: z.core.$RefinementCtx): void => {
  if ((value.add?.length ?? 0) + (value.remove?.length ?? 0) === 0) {
    ctx.addIssue({ code: "custom", path: ["add"], message: `nothing to change; list ${what} under add or remove` });
  }
  const removing = new Set((value.remove ?? []).map((v) => v.toLowerCase()));
  for (const [i, v] of (value.add ?? []).entries()) {
    if (removing.has(v.toLowerCase())) ctx.addIssue({ code: "custom", path: ["add", i], message: `'${v}' is both added and removed; list it once` });
  }
};

/** Schemas of the change requests by kind (see {@link CHANGE_KINDS} for the shapes). */
export const changeRequestSchemas = {
  members: z.object({ kind: kindKey("members"), team: label("team"), add: logins, remove: logins }).strict().superRefine(addOrRemove("logins")),
  quota: z.object({ kind: kindKey("quota"), team: label("team"), namespace: label("namespace"), tier: label("tier"), customQuota: customQuota.optional() }).strict().superRefine(tierWithCustom),
  namespace: z
    .object({
      kind: kindKey("namespace"),
      team: label("team"),
      namespace: label("namespace"),
      clusters: clusterList.min(1, { message: "name at least one cluster" }),
      tier: label("tier"),
      customQuota: customQuota.optional(),
      owner: login,
      description: z.string().trim().min(1, { message: "must say what the namespace is for" }).max(2000, { message: "must be at most 2000 characters" }),
      displayName: z.string().trim().min(1, { message: "must not be empty (leave the key out instead)" }).max(200, { message: "must be at most 200 characters" }).optional(),
      docsUrl: z.url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://example.org/docs" }).max(2000).optional(),
    })
    .strict()
    .superRefine(tierWithCustom),
  cluster: z
    .object({ kind: kindKey("cluster"), team: label("team"), namespace: label("namespace"), add: clusterList.optional(), remove: clusterList.optional() })
    .strict()
    .superRefine(addOrRemove("clusters")),
  offboard: z
    .object({ kind: kindKey("offboard"), team: label("team"), namespace: label("namespace"), clusters: clusterList.min(1, { message: "name at least one cluster to remove the namespace from" }) })
    .strict(),
} as const;

/** A members request: add and remove users of the team's Group. */
export type MembersChange = z.infer<(typeof changeRequestSchemas)["members"]>;
/** A quota request: a namespace's new tier, or its custom quota. */
export type QuotaChange = z.infer<(typeof changeRequestSchemas)["quota"]>;
/** A namespace request: another namespace for an existing team. */
export type NamespaceChange = z.infer<(typeof changeRequestSchemas)["namespace"]>;
/** A cluster request: an existing namespace added to or removed from clusters. */
export type ClusterChange = z.infer<(typeof changeRequestSchemas)["cluster"]>;
/** An offboarding request: a namespace removed from clusters, and deleted when nothing uses it any more. */
export type OffboardChange = z.infer<(typeof changeRequestSchemas)["offboard"]>;

/** A parsed change request, tagged with its kind. */
export type ChangeRequest =
  | { kind: "members"; request: MembersChange }
  | { kind: "quota"; request: QuotaChange }
  | { kind: "namespace"; request: NamespaceChange }
  | { kind: "cluster"; request: ClusterChange }
  | { kind: "offboard"; request: OffboardChange };

/** A change request that could not be read: one line per wrong field, `field: what is wrong`. */
export interface ChangeRequestError {
  errors: string[];
}

/** Whether `value` names a change kind. */
export function isChangeKind(value: string): value is ChangeKind {
  return (CHANGE_KINDS as readonly string[]).includes(value);
}

/** Checks an already parsed value against the schema of `kind`; every violation comes back as `path: message`. */
export function parseChangeRequest(kind: ChangeKind, value: unknown): ChangeRequest | ChangeRequestError {
  const result = changeRequestSchemas[kind].safeParse(value);
  if (!result.success) {
    return { errors: result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(request)"}: ${issue.message}`) };
  }
  return { kind, request: result.data } as ChangeRequest;
}

/** Reads a change request from JSON or YAML text (one document, no aliases beyond a few) and checks it. */
export function readChangeRequest(kind: ChangeKind, text: string): ChangeRequest | ChangeRequestError {
  let value: unknown;
  try {
    value = parse(text.replace(/^\ufeff/, ""), { maxAliasCount: 10, uniqueKeys: true });
  } catch (error) {
    return { errors: [`(file): not valid JSON or YAML: ${(error as Error).message.split("\n")[0] ?? ""}; expected a mapping such as { team: my-team, ... }`] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { errors: ["(file): the request is not a mapping; expected keys such as team and namespace"] };
  }
  return parseChangeRequest(kind, value);
}
