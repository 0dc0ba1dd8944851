import { z } from "zod";
import { INTAKE_FIELD_IDS } from "../validation/request-schema.js";

/**
 * The bot's configuration, read from `.github/onboarding-bot.yml` in the repository where onboarding requests
 * are filed (Probot falls back to the organisation's `.github` repository).
 *
 * Every field is documented here once; `schemas/config.schema.json` and the README's configuration reference are
 * generated from this schema (`npm run schemas`), so they cannot drift from the code.
 */

/** A DNS-1123 label: what Kubernetes accepts as a namespace name. */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * A repository-relative path or path template. Absolute paths, `..` segments, backslashes, control characters and
 * empty segments are refused here so that no configured path can point outside the GitOps repository.
 */
const repoPath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith("/"), { message: "must be relative to the repository root (no leading '/')" })
  .refine((p) => !p.split("/").some((s) => s === ".." || s === "."), {
    message: "must not contain '.' or '..' segments",
  })
  .refine((p) => !p.split("/").some((s) => s === ""), { message: "must not contain empty segments ('//') or a trailing '/'" })
  // eslint-disable-next-line no-control-regex
  .refine((p) => !/[\\\u0000-\u001f\u007f]/.test(p), { message: "must not contain backslashes or control characters" });

const repoFullName = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
    message: "must be 'owner/name', for example 'operate-first/apps'",
  });

const gitRef = z
  .string()
  .min(1)
  .max(255)
  .regex(/^(?!\/)(?!.*\/\/)(?!.*\.\.)(?!.*@\{)[A-Za-z0-9._\-/{}]+(?<!\/)(?<!\.lock)$/, {
    message: "must be a valid git branch name",
  });

const githubLogin = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/, { message: "must be a GitHub login" });

const teamSlug = z
  .string()
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, {
    message: "must be 'org/team-slug', for example 'operate-first/onboarding-approvers'",
  });

/** A Kubernetes resource quantity, e.g. `500m`, `4`, `16Gi`. */
export const QUANTITY = /^(\d+(\.\d+)?)(m|k|M|G|T|P|Ki|Mi|Gi|Ti|Pi)?$/;
const quantity = z.string().regex(QUANTITY, { message: "must be a Kubernetes quantity such as '4', '500m' or '16Gi'" });

/** Option texts of an issue form that stand for a configured value; no commas (the issue parser splits on them). */
const optionAliases = z
  .array(
    z
      .string()
      .min(1)
      .max(100)
      .refine((s) => !s.includes(","), { message: "must not contain ',' (the issue form would split it)" }),
  )
  .max(20)
  .default([]);

/** The fields of the bot's generated issue form that a cloud's own form can be mapped to (the request schema's). */
export const INTAKE_FIELD_KEYS = INTAKE_FIELD_IDS;

/** Fields a cloud's form may lack (listed in `intake.optional`); the others must be mapped. */
export const OPTIONAL_INTAKE_FIELDS = ["namespaces", "members", "display_name", "docs_url", "custom_quota", "acknowledgement"] as const;

/** Fields every cloud form must map: a request cannot be read without them. */
export const REQUIRED_INTAKE_FIELDS = ["team", "clusters", "owner", "description", "quota_tier"] as const;

const formElementId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/, { message: "must be the `id` of an element of the issue form (letters, digits, '-', '_')" });

const intakeSchema = z
  .object({
    form: repoPath
      .optional()
      .describe(
        "Path, in the repository where requests are filed, of the cloud's own issue form (e.g. `.github/ISSUE_TEMPLATE/4_onboarding_to_cluster.yaml`). The bot reads its labels and options from that file, so they never drift; `intake.fields` maps its ids. Leave it out to use the form `onboarding-bot form` generates.",
      ),
    fields: z
      .partialRecord(z.enum(INTAKE_FIELD_KEYS), formElementId)
      .default({})
      .describe(
        "Maps the bot's fields (keys: `team`, `namespaces`, `clusters`, `owner`, `members`, `description`, `display_name`, `docs_url`, `quota_tier`, `acknowledgement`, and either `custom_quota` for one free-text quota such as '1CPU, 20GiB memory, 30GiB storage' or `custom_cpu`, `custom_memory`, `custom_storage`) to the ids of the cloud's form. `team`, `clusters`, `owner`, `description` and `quota_tier` are required; every other field must be mapped or listed in `intake.optional`.",
      ),
    optional: z
      .array(z.enum(OPTIONAL_INTAKE_FIELDS))
      .max(OPTIONAL_INTAKE_FIELDS.length)
      .default([])
      .describe(
        "Fields the cloud's form does not have. `acknowledgement`: no acknowledgement is asked for; `namespaces`: the namespace is named after the team; `members`: the owner is the only member; `custom_quota`: the Custom tier cannot be given values.",
      ),
  })
  .strict()
  .superRefine((intake, ctx) => {
    const mapped = new Set(Object.keys(intake.fields));
    if (intake.form === undefined && mapped.size === 0) return;
    for (const key of REQUIRED_INTAKE_FIELDS) {
      if (!mapped.has(key)) {
        ctx.addIssue({ code: "custom", path: ["fields", key], message: `no field of the form is mapped to '${key}'; set it to the id of the form's field for it` });
      }
    }
    const customParts = ["custom_cpu", "custom_memory", "custom_storage"].filter((k) => mapped.has(k));
    if (mapped.has("custom_quota") && customParts.length > 0) {
      ctx.addIssue({ code: "custom", path: ["fields", "custom_quota"], message: "map either custom_quota (one free-text field) or custom_cpu, custom_memory and custom_storage, not both" });
    } else if (customParts.length > 0 && customParts.length < 3) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: "custom_cpu, custom_memory and custom_storage are mapped together or not at all (or map custom_quota for one free-text field)" });
    }
    const optional = new Set<string>(intake.optional);
    for (const key of OPTIONAL_INTAKE_FIELDS) {
      const present = key === "custom_quota" ? mapped.has(key) || customParts.length === 3 : mapped.has(key);
      if (present && optional.has(key)) {
        ctx.addIssue({ code: "custom", path: ["optional"], message: `'${key}' is listed as optional but also mapped in intake.fields; keep one` });
      } else if (!present && !optional.has(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["fields", key],
          message: `no field of the form is mapped to '${key}'; set it to the id of the form's field, or list '${key}' in intake.optional if the form has none`,
        });
      }
    }
    const ids = Object.values(intake.fields);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0) {
      ctx.addIssue({ code: "custom", path: ["fields"], message: `the form field '${twice[0]}' is mapped to two of the bot's fields; map each field of the form once` });
    }
  });

const clusterSchema = z
  .object({
    name: z
      .string()
      .regex(DNS1123_LABEL, { message: "must be a DNS-1123 label (lowercase letters, digits, '-')" })
      .max(63)
      .describe("Cluster name as the requester picks it in the issue form."),
    description: z.string().max(200).optional().describe("Shown next to the name in the issue form."),
    aliases: optionAliases.describe(
      "Other option texts that stand for this cluster, matched ignoring case: the option of a cloud's own issue form (`MOC/Smaug`) and options an older form offered, so requests filed with it keep working.",
    ),
    overlay: repoPath.describe(
      "Directory of the cluster's kustomize overlay that lists namespaces, e.g. `cluster-scope/overlays/prod/moc/smaug`.",
    ),
    groupOverlays: z
      .array(repoPath)
      .optional()
      .describe(
        "Overlays through which this cluster receives groups. Defaults to `[overlay]`. Each must be reachable from `overlay` through kustomize `resources`/`components`; the bot checks this.",
      ),
  })
  .strict();

const tierSchema = z
  .object({
    name: z
      .string()
      .regex(DNS1123_LABEL, { message: "must be a DNS-1123 label" })
      .max(63)
      .describe("Tier name; the component `layout.quotaComponentDir` with `{tier}` set to it must exist in the GitOps repository."),
    label: z
      .string()
      .max(100)
      .refine((s) => !s.includes(","), { message: "must not contain ',' (the issue form would split it)" })
      .optional()
      .describe("Option text in the issue form; defaults to the name."),
    description: z
      .string()
      .max(200)
      .optional()
      .describe(
        "Shown in the issue form, e.g. '4 CPU, 16Gi memory'. When left out, `onboarding-bot form --gitops DIR` describes the tier from the ResourceQuota in its component, so the form shows what the tier really grants.",
      ),
    aliases: optionAliases.describe(
      "Other option texts that stand for this tier, matched ignoring case (a cloud form's `X-Small`, a renamed option).",
    ),
  })
  .strict();

/**
 * A Kubernetes annotation key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 alphanumerics,
 * `-`, `_`, `.` (e.g. `openshift.io/requester`, `op1st/project-owner`).
 */
const annotationKey = z
  .string()
  .max(317)
  .regex(/^(?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, {
    message: "must be an annotation key such as 'openshift.io/requester' or 'op1st/project-owner' (optional DNS-subdomain prefix and '/', then at most 63 letters, digits, '-', '_', '.')",
  });

const annotationSetting = (what: string, suffix: string) =>
  z
    .union([annotationKey, z.literal(false)])
    .optional()
    .describe(`Annotation key for ${what}; defaults to \`<annotationPrefix>/${suffix}\`; \`false\` leaves the annotation out.`);

/** The provenance annotations a Namespace carries, with the name each gets under `namespaces.annotationPrefix`. */
export const PROVENANCE_ANNOTATIONS = {
  requester: "requester",
  owner: "owner",
  issue: "onboarding-issue",
  docs: "docs",
  displayName: "display-name",
  description: "description",
} as const;

/** One of the provenance annotations of {@link PROVENANCE_ANNOTATIONS}. */
export type ProvenanceAnnotation = keyof typeof PROVENANCE_ANNOTATIONS;

const annotationsSchema = z
  .object({
    requester: annotationSetting("the GitHub login that opened the request", PROVENANCE_ANNOTATIONS.requester),
    owner: annotationSetting("the project owner's GitHub login", PROVENANCE_ANNOTATIONS.owner),
    issue: annotationSetting("the URL of the request issue", PROVENANCE_ANNOTATIONS.issue),
    docs: annotationSetting("the documentation URL (when given)", PROVENANCE_ANNOTATIONS.docs),
    displayName: annotationSetting("the display name (when given)", PROVENANCE_ANNOTATIONS.displayName),
    description: annotationSetting("the project description", PROVENANCE_ANNOTATIONS.description),
  })
  .strict();

/**
 * The key of each provenance annotation: `namespaces.annotations.<name>` when set, `<annotationPrefix>/<default name>`
 * otherwise; annotations set to `false` are left out.
 */
export function provenanceAnnotationKeys(namespaces: {
  annotationPrefix: string;
  annotations: z.output<typeof annotationsSchema>;
}): Partial<Record<ProvenanceAnnotation, string>> {
  const out: Partial<Record<ProvenanceAnnotation, string>> = {};
  for (const name of Object.keys(PROVENANCE_ANNOTATIONS) as ProvenanceAnnotation[]) {
    const key = namespaces.annotations[name] ?? `${namespaces.annotationPrefix}/${PROVENANCE_ANNOTATIONS[name]}`;
    if (key !== false) out[name] = key;
  }
  return out;
}

/** Refuses two provenance annotations with the same key (one would silently replace the other). */
function distinctAnnotationKeys(namespaces: Parameters<typeof provenanceAnnotationKeys>[0], ctx: z.core.$RefinementCtx): void {
  const seen = new Map<string, string>();
  for (const [name, key] of Object.entries(provenanceAnnotationKeys(namespaces))) {
    const first = seen.get(key);
    if (first === undefined) seen.set(key, name);
    else ctx.addIssue({ code: "custom", path: ["annotations", name], message: `is the key '${key}' that '${first}' already has; each annotation needs its own key` });
  }
}

const layoutSchema = z
  .object({
    namespaceDir: repoPath
      .default("cluster-scope/base/core/namespaces/{namespace}")
      .describe("Directory of one namespace's base (`namespace.yaml`, `kustomization.yaml`). Placeholders: `{namespace}`, `{team}`."),
    groupDir: repoPath
      .default("cluster-scope/base/user.openshift.io/groups/{team}")
      .describe("Directory of the team's OpenShift Group. Placeholder: `{team}`."),
    rbacComponentDir: repoPath
      .default("cluster-scope/components/project-admin-rolebindings/{team}")
      .describe("Directory of the kustomize Component with the team's admin RoleBinding. Placeholder: `{team}`."),
    quotaComponentDir: repoPath
      .default("cluster-scope/components/resourcequotas/{tier}")
      .describe("Existing Component per quota tier. Placeholder: `{tier}`."),
    limitRangeComponentDir: repoPath
      .default("cluster-scope/components/limitranges/default")
      .describe("Existing Component with the default LimitRange."),
    networkPolicyComponentDir: repoPath
      .default("cluster-scope/components/networkpolicies/default")
      .describe("Component with the default NetworkPolicies; written by the bot if missing and `networkPolicies.enabled`."),
  })
  .strict();

const labelsSchema = z
  .object({
    request: z.string().min(1).max(50).default("onboarding").describe("Label the issue form sets; marks an issue as an onboarding request."),
    validated: z.string().min(1).max(50).default("onboarding/validated").describe("Set on a request that passed validation."),
    needsChanges: z.string().min(1).max(50).default("onboarding/needs-changes").describe("Set on a request with problems."),
    completed: z.string().min(1).max(50).default("onboarding/completed").describe("Set when the pull request merged."),
    rejected: z.string().min(1).max(50).default("onboarding/rejected").describe("Set when the pull request was closed without merge."),
    pullRequest: z.string().min(1).max(50).default("onboarding").describe("Set on the pull requests the bot opens."),
    lgtm: z.string().min(1).max(50).default("lgtm").describe("Mirrors `/lgtm` state on the pull request."),
    approved: z.string().min(1).max(50).default("approved").describe("Mirrors `/approve` state on the pull request."),
    hold: z.string().min(1).max(50).default("do-not-merge/hold").describe("Mirrors holds on the pull request."),
  })
  .strict();

const approversSchema = z
  .object({
    users: z.array(githubLogin).max(200).default([]).describe("GitHub logins that may `/approve`."),
    teams: z.array(teamSlug).max(50).default([]).describe("Teams (`org/slug`) whose members may `/approve`."),
    ownersFile: repoPath
      .optional()
      .describe("Prow-style OWNERS file read from the GitOps repository's base branch (never from the PR branch); its `approvers` and `reviewers` are added."),
    reviewers: z.array(githubLogin).max(200).default([]).describe("GitHub logins that may `/lgtm` (approvers may too)."),
  })
  .strict();

const mergeSchema = z
  .object({
    method: z.enum(["merge", "squash", "rebase"]).default("squash").describe("Merge method the bot uses."),
    requireLgtm: z.boolean().default(false).describe("Whether a `/lgtm` is required in addition to `/approve`."),
    approvals: z.number().int().min(1).max(10).default(1).describe("How many distinct approvers must `/approve`."),
    deleteBranch: z.boolean().default(true).describe("Delete the onboarding branch after merge."),
  })
  .strict();

const limitsSchema = z
  .object({
    maxBodyBytes: z.number().int().min(1024).max(1_000_000).default(65_536).describe("Largest issue body the bot parses."),
    maxNamespaces: z.number().int().min(1).max(100).default(10).describe("Most namespaces in one request."),
    maxMembers: z.number().int().min(1).max(1000).default(100).describe("Most members in one request."),
    maxClusters: z.number().int().min(1).max(100).default(10).describe("Most clusters in one request."),
    maxCommentLines: z.number().int().min(10).max(100_000).default(200).describe("Lines of a comment scanned for commands."),
    maxOpenRequests: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(3)
      .describe(
        "Most open onboarding requests one requester may have. A newer request beyond it gets a status comment saying why and no branch, pull request or review request, until an older one is finished or closed (then the next event, `/retry` or the sweep publishes it).",
      ),
    maxNamespaceManifests: z
      .number()
      .int()
      .min(0)
      .max(2000)
      .default(200)
      .describe(
        "Most YAML files named like `namespace*.yaml` outside `layout.namespaceDir` that the bot reads to find Namespaces defined elsewhere in the GitOps repository. With more, every request is refused with a message for maintainers (no name can be known to be free).",
      ),
    maxTreeEntries: z
      .number()
      .int()
      .min(1000)
      .max(1_000_000)
      .default(100_000)
      .describe(
        "Most entries (files and directories) of the GitOps repository's tree that cluster and offboarding requests walk to see every kustomization and every path they delete (read directory by directory, cached by tree id, so only changed directories are read again). With more, such a request is refused with a message for maintainers instead of being checked on partial data.",
      ),
  })
  .strict();

/** The change requests an existing tenant files after onboarding (issue 13), each with its own issue form and label. */
export const CHANGE_REQUEST_KINDS = ["members", "quota", "namespace", "cluster", "offboard"] as const;

/** The answers of a change request's form that a cloud's own form can be mapped to (see `requests.<kind>.fields`). */
export const CHANGE_FIELD_KEYS = ["team", "namespace", "clusters", "add", "remove", "tier", "custom_cpu", "custom_memory", "custom_storage", "owner", "description", "display_name", "docs_url"] as const;

const changeKindSchema = (kind: (typeof CHANGE_REQUEST_KINDS)[number], label: string, what: string) =>
  z
    .object({
      label: z.string().min(1).max(50).default(label).describe(`Label the ${kind} form sets; marks an issue as a request to ${what}.`),
      form: repoPath
        .optional()
        .describe(`Path, in the repository where requests are filed, of the cloud's own ${kind} issue form; \`requests.${kind}.fields\` maps its ids. Leave it out to use the form \`onboarding-bot form --kind ${kind}\` generates.`),
      fields: z
        .partialRecord(z.enum(CHANGE_FIELD_KEYS), formElementId)
        .default({})
        .describe(`Maps the ${kind} request's answers to the ids of the cloud's own form (\`requests.${kind}.form\`); an answer left unmapped is left empty (a missing \`team\` is read from the namespace's RBAC component).`),
    })
    .strict()
    .default({ label, fields: {} });

const requestsSchema = z
  .object({
    members: changeKindSchema("members", "tenant/members", "add or remove members of an existing team"),
    quota: changeKindSchema("quota", "tenant/quota", "change a namespace's quota tier or custom quota"),
    namespace: changeKindSchema("namespace", "tenant/namespace", "add a namespace for an existing team"),
    cluster: changeKindSchema("cluster", "tenant/cluster", "add an existing namespace to clusters or remove it from some"),
    offboard: changeKindSchema("offboard", "tenant/offboarding", "offboard a namespace (and a team left without one) from clusters"),
  })
  .strict()
  .superRefine((requests, ctx) => {
    const seen = new Map<string, string>();
    for (const [kind, settings] of Object.entries(requests)) {
      const first = seen.get(settings.label);
      if (first === undefined) seen.set(settings.label, kind);
      else ctx.addIssue({ code: "custom", path: [kind, "label"], message: `is the label '${settings.label}' that '${first}' already has; each kind of request needs its own label` });
    }
  });

/** The configuration schema. Unknown keys are refused so that typos surface instead of being ignored. */
export const configSchema = z
  .object({
    gitops: z
      .object({
        repository: repoFullName.describe("The GitOps repository the bot opens pull requests against, `owner/name`."),
        baseBranch: gitRef.default("main").describe("Branch the pull requests target."),
        branchTemplate: gitRef
          .default("onboarding/{owner}/{repo}/issue-{number}")
          .describe(
            "Branch per request. Placeholders: `{number}` (issue number, required), `{owner}` and `{repo}` (the request repository's owner and name, lower case, other characters than letters, digits, `_` and `-` replaced by `-`). Keep `{owner}` and `{repo}` when several support repositories share the GitOps repository: two requests that map to one branch cannot both be published (the second is held, and never touches the first's pull request).",
          ),
        closingKeyword: z
          .boolean()
          .default(true)
          .describe("Put `Closes owner/repo#n` in the PR body so GitHub links the request."),
      })
      .strict()
      .describe("Where tenants are written."),
    clusters: z.array(clusterSchema).min(1).max(200).describe("Clusters a request can target."),
    quota: z
      .object({
        tiers: z.array(tierSchema).min(1).max(50).describe("Quota tiers offered in the issue form."),
        custom: z
          .object({
            enabled: z.boolean().default(true).describe("Offer a 'custom' tier with explicit CPU / memory / storage."),
            max: z
              .object({
                cpu: quantity.default("64").describe("Most CPU a custom quota may ask for."),
                memory: quantity.default("256Gi").describe("Most memory a custom quota may ask for."),
                storage: quantity.default("2Ti").describe("Most storage a custom quota may ask for."),
              })
              .strict()
              .default({ cpu: "64", memory: "256Gi", storage: "2Ti" })
              .describe("Upper bounds for a custom quota."),
          })
          .strict()
          .default({ enabled: true, max: { cpu: "64", memory: "256Gi", storage: "2Ti" } })
          .describe("The 'Custom' quota option."),
      })
      .strict()
      .describe("Resource quota choices offered to requesters."),
    intake: intakeSchema
      .default({ fields: {}, optional: [] })
      .describe("Which issue form requests are read with: the generated one (the default) or the cloud's own form, mapped field by field."),
    layout: layoutSchema.default(layoutSchema.parse({})).describe("Where files go in the GitOps repository."),
    namespaces: z
      .object({
        reserved: z
          .array(z.string().max(63))
          .max(500)
          .default([])
          .describe(
            "Namespace and team names refused in addition to the built-in ones: `default`; the namespaces of platform components (`argocd`, `openshift-gitops`, `cert-manager`, `vault`, `istio-system`, `open-cluster-management`, `olm`, `operators`, `monitoring`, `logging`, ... listed under \"Names that are really free\" in the README); those managed OpenShift keeps (`dedicated-admin`, `management-infra`, ...).",
          ),
        reservedPrefixes: z
          .array(z.string().max(62))
          .max(100)
          .default([])
          .describe(
            "Namespace and team name prefixes refused in addition to the built-in `kube-`, `openshift`, `system`, and for namespaces `redhat-` and `open-cluster-management`.",
          ),
        annotationPrefix: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: "must be a DNS subdomain such as 'op1st' or 'openshift.io'" })
          .default("openshift.io")
          .describe("Prefix of provenance annotations (`<prefix>/requester`, ...) whose key `annotations` does not set."),
        annotations: annotationsSchema
          .default({})
          .describe(
            "Annotation key of each provenance annotation, when one prefix cannot express them; e.g. Operate First: `{ requester: openshift.io/requester, owner: op1st/project-owner, issue: op1st/onboarding-issue, docs: op1st/docs, displayName: openshift.io/display-name, description: false }`.",
          ),
        podSecurity: z
          .enum(["privileged", "baseline", "restricted"])
          .optional()
          .describe("Pod Security admission level to enforce on new namespaces; omitted means no label."),
        networkPolicies: z
          .object({
            enabled: z.boolean().default(false).describe("Add default NetworkPolicies (deny all, allow same namespace, ingress, monitoring)."),
            ingressNamespaceSelector: z
              .record(z.string(), z.string())
              .default({ "network.openshift.io/policy-group": "ingress" })
              .describe("Labels of the ingress controller's namespace."),
            monitoringNamespaceSelector: z
              .record(z.string(), z.string())
              .default({ "network.openshift.io/policy-group": "monitoring" })
              .describe("Labels of the monitoring namespace."),
          })
          .strict()
          .default({
            enabled: false,
            ingressNamespaceSelector: { "network.openshift.io/policy-group": "ingress" },
            monitoringNamespaceSelector: { "network.openshift.io/policy-group": "monitoring" },
          })
          .describe("Default NetworkPolicies for new namespaces."),
      })
      .strict()
      .superRefine(distinctAnnotationKeys)
      .default({
        reserved: [],
        reservedPrefixes: [],
        annotationPrefix: "openshift.io",
        annotations: {},
        networkPolicies: {
          enabled: false,
          ingressNamespaceSelector: { "network.openshift.io/policy-group": "ingress" },
          monitoringNamespaceSelector: { "network.openshift.io/policy-group": "monitoring" },
        },
      })
      .describe("Rules and metadata for the namespaces the bot creates."),
    teams: z
      .object({
        allowExisting: z
          .boolean()
          .default(false)
          .describe("Whether a request may name a team (group) that already exists; it is then reused, not rewritten."),
        reserved: z
          .array(z.string().max(63))
          .max(500)
          .default([])
          .describe(
            "Team (group) names refused in addition to the built-in privileged groups `admin`, `admins`, `administrators`, `cluster-admin(s)`, `cluster-reader(s)`, `dedicated-admin(s)`, `dedicated-readers`, `layered-cs-sre-admins` and `namespaces.reserved`.",
          ),
        reservedPrefixes: z
          .array(z.string().max(62))
          .max(100)
          .default([])
          .describe(
            "Team name prefixes refused in addition to the built-in `system` (Kubernetes' `system:` groups and look-alikes), `kube-`, `openshift`, `osd-sre` and `namespaces.reservedPrefixes`.",
          ),
      })
      .strict()
      .default({ allowExisting: false, reserved: [], reservedPrefixes: [] })
      .describe("How requests that name an existing team are treated."),
    approvers: approversSchema
      .default({ users: [], teams: [], reviewers: [] })
      .describe("Who may `/approve` and `/lgtm` onboarding pull requests."),
    merge: mergeSchema
      .default({ method: "squash", requireLgtm: false, approvals: 1, deleteBranch: true })
      .describe("When and how the bot merges an onboarding pull request."),
    labels: labelsSchema.default(labelsSchema.parse({})).describe("Label names the bot reads and writes."),
    requests: requestsSchema
      .default(requestsSchema.parse({}))
      .describe("The change requests of existing tenants (members, quota, namespace, cluster, offboarding): each kind's label and, optionally, a cloud's own form for it."),
    limits: limitsSchema.default(limitsSchema.parse({})).describe("Safety limits on what one request or comment may contain."),
    dryRun: z
      .boolean()
      .default(false)
      .describe("Validate and render, show the diff in the status comment, and write nothing to the GitOps repository."),
  })
  .strict();

/** Configuration as written in the YAML file (defaults not yet applied). */
export type ConfigInput = z.input<typeof configSchema>;
/** Configuration with every default applied. */
export type Config = z.output<typeof configSchema>;
export type ClusterConfig = Config["clusters"][number];
export type TierConfig = Config["quota"]["tiers"][number];
