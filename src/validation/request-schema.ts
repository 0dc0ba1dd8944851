import { z } from "zod";

/**
 * The shape of an onboarding request, defined once. Everything else is derived from here:
 * - the TypeScript types (`OnboardingRequest`, `CustomQuota` in `src/types.ts`, by `z.infer`);
 * - `schemas/onboarding-request.schema.json`, the JSON Schema people read and the validator checks requests against
 *   (`npm run schemas` writes it from {@link buildRequestJsonSchema}; a test fails when the committed file drifts);
 * - the form field each property is written in ({@link REQUEST_FIELDS}, {@link CUSTOM_QUOTA_FIELDS}), from which
 *   the form's field ids, the configuration's `intake.fields` keys and the validator's field names come.
 *
 * Two rules JSON Schema states in its own words are written twice, side by side: the custom quota present exactly
 * when the tier is `custom` (`if`/`then`/`else` for the JSON Schema, a refinement for zod) and the most namespace
 * tiers (`maxProperties`); `test/validation/request-schema.test.ts` proves zod and the JSON Schema agree.
 */

/** The name of the custom quota tier in a request. */
export const CUSTOM_TIER = "custom";

// Control characters and bidirectional controls; descriptions may keep newlines and tabs, one-line texts may not.
/* eslint-disable no-control-regex -- these patterns exist to refuse control characters */
const MULTI_LINE_TEXT = new RegExp("^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$");
const ONE_LINE_TEXT = new RegExp("^[^\\u0000-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]*$");
/* eslint-enable no-control-regex */

const dnsLabel = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/)
  .meta({
    id: "dnsLabel",
    description: "A DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.",
  });

const kubernetesName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^(?!(?:default|openshift)$)(?!(?:kube|openshift)-)[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/)
  .meta({
    id: "kubernetesName",
    description: "A DNS-1123 label that Kubernetes and OpenShift do not reserve: not 'default' or 'openshift', not starting with 'kube-' or 'openshift-'.",
  });

const githubLogin = z
  .string()
  .min(1)
  .max(39)
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*$/)
  .meta({ id: "githubLogin", description: "A GitHub login: letters, digits and single '-' between them, at most 39 characters." });

const byteQuantity = z
  .string()
  .regex(/^[0-9]{1,7}(?:\.[0-9]{1,3})?(?:k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/)
  .meta({
    id: "byteQuantity",
    description: "A Kubernetes quantity in bytes with an optional decimal or binary suffix, at most 7 digits before the point and 3 after.",
  });

/** Most namespaces that may have a tier of their own (the most namespaces of a request). */
const MAX_NAMESPACE_TIERS = 100;

/** Explicit quota of each namespace of a request whose tier is `custom`. */
export const customQuotaSchema = z
  .object({
    cpu: z
      .string()
      .regex(/^(?:[0-9]{1,4}(?:\.[0-9]{1,3})?|[0-9]{1,7}m)$/)
      .describe("CPU as a Kubernetes quantity in cores or millicores: '4', '0.5', '500m'."),
    memory: byteQuantity.describe("Memory as a Kubernetes quantity, e.g. '16Gi'."),
    storage: byteQuantity.describe("Storage as a Kubernetes quantity, e.g. '100Gi'."),
  })
  .strict()
  .describe("Explicit quota; present exactly when quotaTier is 'custom'.");

/**
 * An onboarding request after parsing and normalisation (logins without `@`, trimmed values), before the checks
 * that need the configuration and the GitOps repository (known clusters and tiers, limits, names not taken).
 */
export const onboardingRequestSchema = z
  .object({
    team: kubernetesName.describe("Team name; becomes the OpenShift Group and the RoleBinding subject."),
    namespaces: z
      .array(kubernetesName)
      .min(1)
      .max(100)
      .describe("Namespaces to create (the issue form defaults them to the team name when the field is left empty)."),
    clusters: z.array(dnsLabel).min(1).max(200).describe("Target clusters by configured name."),
    owner: githubLogin.describe("GitHub login of the project owner, without '@'; always also a member."),
    members: z
      .array(githubLogin)
      .max(1000)
      .describe("GitHub logins of the team's members, without '@'. The owner is added by validation."),
    description: z
      .string()
      .min(1)
      .max(4000)
      .regex(MULTI_LINE_TEXT)
      .describe("What the project is. Newlines and tabs are allowed, other control characters and direction controls are not."),
    displayName: z
      .string()
      .min(1)
      .max(100)
      .regex(ONE_LINE_TEXT)
      .optional()
      .describe("Human-friendly display name of the namespaces; one line; optional."),
    docsUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .meta({ format: "uri", pattern: "^https?://[^\\s/?#]+" })
      .optional()
      .describe("Link to the project's documentation: an absolute http(s) URL; optional."),
    quotaTier: dnsLabel.describe("A configured tier name, or 'custom'."),
    namespaceTiers: z
      .record(dnsLabel, dnsLabel)
      .refine((tiers) => Object.keys(tiers).length <= MAX_NAMESPACE_TIERS, { message: `at most ${MAX_NAMESPACE_TIERS} namespace tiers` })
      .meta({ maxProperties: MAX_NAMESPACE_TIERS })
      .optional()
      .describe(
        "Tiers of namespaces that do not use quotaTier ('name: tier' in the namespaces field), by namespace name: a configured tier name, or 'custom' when customQuota is given. Every key must be one of namespaces.",
      ),
    customQuota: customQuotaSchema.optional(),
    acknowledged: z.boolean().describe("The requester ticked the acknowledgement checkbox."),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.quotaTier === CUSTOM_TIER && request.customQuota === undefined) {
      ctx.addIssue({ code: "custom", path: ["customQuota"], message: "the custom tier needs customQuota" });
    } else if (request.quotaTier !== CUSTOM_TIER && request.customQuota !== undefined) {
      ctx.addIssue({ code: "custom", path: ["customQuota"], message: "customQuota is only read with the custom tier" });
    }
  })
  // The refinement above, as JSON Schema says it (the validator's messages read these keywords' schema paths).
  .meta({
    if: { properties: { quotaTier: { const: CUSTOM_TIER } }, required: ["quotaTier"] },
    then: { required: ["customQuota"] },
    else: { not: { required: ["customQuota"] } },
  });

/** Explicit quota values of a request whose tier is `custom`. */
export type CustomQuota = z.infer<typeof customQuotaSchema>;

/** An onboarding request after parsing and normalisation, before validation (see {@link onboardingRequestSchema}). */
export type OnboardingRequest = z.infer<typeof onboardingRequestSchema>;

/**
 * The issue form field each property of a request is written in: what a problem with the property names, and the
 * key of the property's answer in the form. `namespaceTiers` is written in the namespaces field (`name: tier`), and
 * `customQuota` in its own fields ({@link CUSTOM_QUOTA_FIELDS}); a problem with it as a whole names the tier.
 */
export const REQUEST_FIELDS = {
  team: "team",
  namespaces: "namespaces",
  clusters: "clusters",
  owner: "owner",
  members: "members",
  description: "description",
  displayName: "display_name",
  docsUrl: "docs_url",
  quotaTier: "quota_tier",
  namespaceTiers: "namespaces",
  customQuota: "quota_tier",
  acknowledged: "acknowledgement",
} as const satisfies Record<keyof OnboardingRequest, string>;

/** The form field each part of a custom quota is written in. */
export const CUSTOM_QUOTA_FIELDS = {
  cpu: "custom_cpu",
  memory: "custom_memory",
  storage: "custom_storage",
} as const satisfies Record<keyof CustomQuota, string>;

/** The id of a field of the bot's issue form: one per value of {@link REQUEST_FIELDS} and {@link CUSTOM_QUOTA_FIELDS}. */
export type FormFieldId = (typeof REQUEST_FIELDS)[keyof typeof REQUEST_FIELDS] | (typeof CUSTOM_QUOTA_FIELDS)[keyof typeof CUSTOM_QUOTA_FIELDS];

/**
 * The field of a cloud's own form that answers the whole custom quota in one free text ("1CPU, 20GiB memory, 30GiB
 * storage"), instead of {@link CUSTOM_QUOTA_FIELDS}.
 */
export const CUSTOM_QUOTA_TEXT_FIELD = "custom_quota";

/** What a problem or a notice names: a form field, the free-text custom quota, or `body` for the whole issue. */
export type FieldId = FormFieldId | typeof CUSTOM_QUOTA_TEXT_FIELD | "body";

/** The fields a request's properties are written in, in their order, each once; `customQuota` as `parts`. */
function fieldsInOrder<T extends string>(parts: readonly T[]): Array<FormFieldId | T> {
  const fields = Object.entries(REQUEST_FIELDS).flatMap(([property, field]): ReadonlyArray<FormFieldId | T> =>
    property === "customQuota" ? parts : [field],
  );
  return [...new Set(fields)];
}

/** The fields of the bot's issue form, in the order of the request's properties, each once. */
export const REQUEST_FORM_FIELD_IDS: readonly FormFieldId[] = fieldsInOrder(Object.values(CUSTOM_QUOTA_FIELDS));

/**
 * The fields of the bot's request a cloud's own form can be mapped to (`intake.fields` keys): every form field, and
 * the free-text custom quota before its three parts.
 */
export const INTAKE_FIELD_IDS = fieldsInOrder([CUSTOM_QUOTA_TEXT_FIELD, ...Object.values(CUSTOM_QUOTA_FIELDS)]) as [
  Exclude<FieldId, "body">,
  ...Array<Exclude<FieldId, "body">>,
];

/** Where the generated JSON Schema of a request lives, relative to the repository root. */
export const REQUEST_SCHEMA_PATH = "schemas/onboarding-request.schema.json";

/** `$id` of the request schema. */
export const REQUEST_SCHEMA_ID = "https://github.com/operate-first/onboarding-bot/schemas/onboarding-request.schema.json";

/** The JSON Schema (draft 2020-12) of a request, generated from {@link onboardingRequestSchema}, with `$id` and title. */
export function buildRequestJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(onboardingRequestSchema, { io: "input" }) as Record<string, unknown>;
  return {
    $schema,
    $id: REQUEST_SCHEMA_ID,
    title: "Onboarding request",
    description:
      "An onboarding request after parsing and normalisation, before the checks that need the configuration and the GitOps repository (known clusters and tiers, configured limits, existing names). Generated from src/validation/request-schema.ts by `npm run schemas`.",
    ...rest,
  };
}
