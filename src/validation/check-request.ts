import type { Config } from "../config/schema.js";
import { CUSTOM_TIER, fieldLabel } from "../intake/fields.js";
import { formOptions } from "../intake/form-options.js";
import type { CustomQuota, FieldId, GitopsSnapshot, Notice, OnboardingRequest, Problem } from "../types.js";
import { compareQuantities, isZero, parseQuantity } from "./parse-quantity.js";
import { namespaceDefinedAt, namespaceIndex } from "./namespace-index.js";
import { reservedNamespace, reservedTeam } from "./reserved-names.js";
import { findKustomizationFile } from "../rendering/kustomization-objects.js";
import { groupDirOf, quotaComponentDirOf } from "../rendering/plan-layout.js";
import { dirHasFiles, snapshotKnown } from "../rendering/snapshot-lookup.js";

/** What the checks know of the world: the GitOps repository and, online, which GitHub logins exist. */
export interface RequestWorld {
  /** The GitOps repository at the base commit. An empty snapshot means "not known" (offline, no checkout). */
  snapshot: GitopsSnapshot;
  /**
   * Canonical spelling of each login from {@link loginsToCheck} (looked up by the login as given, then in lower
   * case), `null` for a login that does not exist; `null` as a whole when logins cannot be checked (offline).
   */
  users: ReadonlyMap<string, string | null> | null;
}

/** Options of {@link checkRequest}. */
export interface CheckRequestOptions {
  /** Fields whose values already failed the schema: their rules are skipped so each gets one problem, not two. */
  skipFields?: ReadonlySet<FieldId>;
}

/** The request normalised (canonical logins, owner among members, sorted and deduplicated) and what was found. */
export interface CheckRequestResult {
  request: OnboardingRequest;
  problems: Problem[];
  notices: Notice[];
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/** GitHub logins a request names (owner first, then members), once each ignoring case, for the caller to look up. */
export function loginsToCheck(request: OnboardingRequest): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const login of [request.owner, ...request.members]) {
    if (typeof login !== "string" || login === "") continue;
    const key = login.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(login);
  }
  return out;
}

function byCaselessName(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Collects problems and notices, each with its field's label. */
class Findings {
  readonly problems: Problem[] = [];
  readonly notices: Notice[] = [];

  problem(field: FieldId, message: string, expected: string, value?: string): void {
    const p: Problem = { field, label: fieldLabel(field), message, expected };
    if (value !== undefined) p.value = value;
    this.problems.push(p);
  }

  notice(field: FieldId, message: string): void {
    this.notices.push({ field, label: fieldLabel(field), message });
  }
}

function checkClusters(request: OnboardingRequest, config: Config, out: Findings): string[] {
  const clusters = [...new Set(request.clusters)];
  const known = formOptions(config).clusters;
  for (const c of clusters) {
    if (!known.includes(c)) out.problem("clusters", `'${c}' is not one of the clusters`, `one or more of ${quoteList(known)}`, c);
  }
  if (clusters.length > config.limits.maxClusters) {
    out.problem("clusters", `${clusters.length} clusters were chosen`, `at most ${config.limits.maxClusters} clusters in one request`);
  }
  return clusters;
}

const QUOTA_PARTS: ReadonlyArray<{ key: keyof CustomQuota; field: FieldId; unit: string }> = [
  { key: "cpu", field: "custom_cpu", unit: "CPU" },
  { key: "memory", field: "custom_memory", unit: "memory" },
  { key: "storage", field: "custom_storage", unit: "storage" },
];

function checkCustomQuota(quota: CustomQuota | undefined, config: Config, skip: ReadonlySet<FieldId>, out: Findings): void {
  if (!quota) return;
  for (const { key, field, unit } of QUOTA_PARTS) {
    if (skip.has(field)) continue;
    const value = parseQuantity(quota[key]);
    const max = config.quota.custom.max[key];
    const limit = parseQuantity(max);
    if (!value) {
      out.problem(field, `'${quota[key]}' is not a quantity`, `a Kubernetes quantity of at most ${max}`, quota[key]);
    } else if (isZero(value)) {
      out.problem(field, `the custom ${unit} is zero`, `more than 0 and at most ${max}`, quota[key]);
    } else if (limit && compareQuantities(value, limit) > 0) {
      out.problem(field, `${quota[key]} is more ${unit} than a custom quota may have`, `at most ${max}`, quota[key]);
    }
  }
}

function checkTier(request: OnboardingRequest, config: Config, world: RequestWorld, skip: ReadonlySet<FieldId>, out: Findings): void {
  if (skip.has("quota_tier")) return;
  const options = formOptions(config).tiers;
  const tier = request.quotaTier;
  if (tier === CUSTOM_TIER) {
    if (!config.quota.custom.enabled) {
      out.problem("quota_tier", "custom quotas are not offered here", `one of the tiers ${quoteList(options.map((o) => o.option))}`, tier);
      return;
    }
    checkCustomQuota(request.customQuota, config, skip, out);
    return;
  }
  if (!config.quota.tiers.some((t) => t.name === tier)) {
    out.problem("quota_tier", `'${tier}' is not one of the quota tiers`, `one of ${quoteList(options.map((o) => o.option))}`, tier);
    return;
  }
  const missing = missingComponent(tier, config, world);
  if (missing !== undefined) {
    out.problem(
      "quota_tier",
      `the quota tier '${tier}' has no component in the GitOps repository (${missing}/kustomization.yaml is missing)`,
      "another tier, or ask the maintainers to add the component or fix layout.quotaComponentDir",
      tier,
    );
  }
}

/**
 * The directory of a tier's quota component when the GitOps repository is known and lacks it. A tier the layout
 * cannot place is the renderer's to report (as a configuration problem), not a missing component.
 */
function missingComponent(tier: string, config: Config, world: RequestWorld): string | undefined {
  if (!snapshotKnown(world.snapshot)) return undefined;
  const dir = quotaComponentDirOf(config, tier);
  if (!dir.ok) return undefined;
  return findKustomizationFile(dir.path, world.snapshot.paths) === undefined ? dir.path : undefined;
}

/**
 * The tiers namespaces were given of their own (`name: tier`): each for a namespace of the request, a configured
 * tier whose component exists (or `custom` when the request has custom values).
 */
function checkNamespaceTiers(request: OnboardingRequest, config: Config, world: RequestWorld, skip: ReadonlySet<FieldId>, out: Findings): void {
  const tiers = request.namespaceTiers;
  if (!tiers || skip.has("namespaces")) return;
  const options = formOptions(config).tiers.map((o) => o.option);
  for (const [ns, tier] of Object.entries(tiers)) {
    if (!request.namespaces.includes(ns)) {
      out.problem("namespaces", `a tier is given for '${ns}', which is not one of the namespaces requested`, `a tier only for the namespaces ${quoteList(request.namespaces)}`, ns);
    } else if (tier === CUSTOM_TIER) {
      if (!request.customQuota) {
        out.problem("namespaces", `'${ns}' asks for the Custom tier, but the request has no custom values`, "the Custom tier for the request with its values, or a configured tier for this namespace", tier);
      }
    } else if (!config.quota.tiers.some((t) => t.name === tier)) {
      out.problem("namespaces", `'${tier}', the tier of '${ns}', is not one of the quota tiers`, `one of ${quoteList(options)}, written 'name: tier'`, tier);
    } else {
      const missing = missingComponent(tier, config, world);
      if (missing !== undefined) {
        out.problem(
          "namespaces",
          `the quota tier '${tier}' of '${ns}' has no component in the GitOps repository (${missing}/kustomization.yaml is missing)`,
          "another tier, or ask the maintainers to add the component or fix layout.quotaComponentDir",
          tier,
        );
      }
    }
  }
}

/**
 * Whether requests are asked to tick an acknowledgement: always with the generated form; with a cloud's own form
 * only when `intake.fields.acknowledgement` maps one (Operate First's form has none).
 */
export function acknowledgementAsked(config: Config): boolean {
  const cloud = config.intake.form !== undefined || Object.keys(config.intake.fields).length > 0;
  return !cloud || config.intake.fields.acknowledgement !== undefined;
}

function checkNamespaces(
  request: OnboardingRequest,
  config: Config,
  world: RequestWorld,
  skip: ReadonlySet<FieldId>,
  out: Findings,
): void {
  if (skip.has("namespaces")) return;
  const namespaces = request.namespaces;
  const seen = new Set<string>();
  const reported = new Set<string>();
  for (const ns of namespaces) {
    if (seen.has(ns) && !reported.has(ns)) {
      out.problem("namespaces", `'${ns}' is listed more than once`, "each namespace once", ns);
      reported.add(ns);
    }
    seen.add(ns);
  }
  for (const ns of seen) {
    const reserved = reservedNamespace(ns, config);
    if (reserved) out.problem("namespaces", reserved.reason, reserved.expected, ns);
  }
  if (namespaces.length > config.limits.maxNamespaces) {
    out.problem("namespaces", `${namespaces.length} namespaces are listed`, `at most ${config.limits.maxNamespaces} namespaces in one request`);
  }
  if (!snapshotKnown(world.snapshot)) return;
  // Taken wherever the repository defines it: the layout at any team, or a Namespace manifest elsewhere.
  const index = namespaceIndex(world.snapshot, config);
  if (index.gap) {
    out.problem("namespaces", index.gap.message, index.gap.expected);
    return;
  }
  for (const ns of seen) {
    const where = namespaceDefinedAt(world.snapshot, config, index, ns);
    if (where.length > 0) {
      out.problem(
        "namespaces",
        `the namespace '${ns}' already exists in ${config.gitops.repository} (${where.slice(0, 3).join(", ")})`,
        "a namespace name that is not taken yet",
        ns,
      );
    }
  }
}

function checkTeam(request: OnboardingRequest, config: Config, world: RequestWorld, skip: ReadonlySet<FieldId>, out: Findings): void {
  if (skip.has("team")) return;
  const team = request.team;
  const reserved = reservedTeam(team, config);
  if (reserved) out.problem("team", reserved.reason, reserved.expected, team);
  if (!snapshotKnown(world.snapshot)) return;
  const filled = groupDirOf(config, team);
  if (!filled.ok || !dirHasFiles(world.snapshot.paths, filled.path)) return;
  const dir = filled.path;
  if (config.teams.allowExisting) {
    out.notice("team", `the team '${team}' already exists (${dir}); it is reused as it is, and its members are not changed`);
  } else {
    out.problem("team", `the team '${team}' already exists in ${config.gitops.repository} (${dir})`, "a team name that is not taken yet", team);
  }
}

function lookup(users: ReadonlyMap<string, string | null>, login: string): string | null | undefined {
  if (users.has(login)) return users.get(login);
  return users.get(login.toLowerCase());
}

interface Logins {
  owner: string;
  members: string[];
}

function checkLogins(request: OnboardingRequest, config: Config, world: RequestWorld, skip: ReadonlySet<FieldId>, out: Findings): Logins {
  const skipOwner = skip.has("owner");
  const skipMembers = skip.has("members");
  let owner = request.owner;
  let members = [...request.members];
  const { users } = world;
  if (users === null) {
    out.notice("members", "GitHub logins were not checked (offline): whether they exist and how they are spelled is checked when the bot reads the request");
  } else {
    const missing = new Set<string>();
    const unchecked: string[] = [];
    const respelled = new Set<string>();
    const canonical = (login: string, field: FieldId): string => {
      const found = lookup(users, login);
      if (found === undefined) {
        if (!unchecked.includes(login)) unchecked.push(login);
        return login;
      }
      if (found === null) {
        if (!missing.has(login.toLowerCase())) {
          missing.add(login.toLowerCase());
          out.problem(field, `the GitHub user '${login}' does not exist`, "the login of an existing GitHub account", login);
        }
        return login;
      }
      if (found !== login && !respelled.has(login)) {
        respelled.add(login);
        out.notice(field, `'${login}' is spelled '${found}' on GitHub; the request uses '${found}'`);
      }
      return found;
    };
    if (!skipOwner && owner !== "") owner = canonical(owner, "owner");
    if (!skipMembers) members = members.map((m) => canonical(m, "members"));
    if (unchecked.length > 0) out.notice("members", `could not check the GitHub logins ${quoteList(unchecked)}`);
  }
  if (skipMembers) return { owner, members };
  const deduped = new Map<string, string>();
  for (const m of members) if (!deduped.has(m.toLowerCase())) deduped.set(m.toLowerCase(), m);
  if (!skipOwner && owner !== "" && !deduped.has(owner.toLowerCase())) {
    deduped.set(owner.toLowerCase(), owner);
    out.notice("members", `the owner '${owner}' was added to the team members`);
  }
  const sorted = [...deduped.values()].sort(byCaselessName);
  if (sorted.length > config.limits.maxMembers) {
    out.problem("members", `${sorted.length} members are listed (with the owner)`, `at most ${config.limits.maxMembers} members in one request`);
  }
  return { owner, members: sorted };
}

/**
 * The checks of a request that need the configuration and the world: known clusters and tier, custom quota within
 * `quota.custom.max`, reserved names, configured limits, namespaces and team not taken in the GitOps repository
 * (an existing team is reused when `teams.allowExisting`), the tier's quota component present, the
 * acknowledgement ticked and every login an existing GitHub account. Pure; the snapshot's tree is indexed once.
 *
 * Returns the request normalised: logins in their canonical spelling, the owner among the members (with a notice),
 * members sorted and deduplicated ignoring case, clusters deduplicated. With an empty snapshot the GitOps checks are
 * skipped with a notice; with `users: null` the login checks are skipped with a notice.
 */
export function checkRequest(
  request: OnboardingRequest,
  config: Config,
  world: RequestWorld,
  options: CheckRequestOptions = {},
): CheckRequestResult {
  const skip = options.skipFields ?? new Set<FieldId>();
  const out = new Findings();
  const clusters = skip.has("clusters") ? request.clusters : checkClusters(request, config, out);
  checkTier(request, config, world, skip, out);
  checkNamespaceTiers(request, config, world, skip, out);
  checkNamespaces(request, config, world, skip, out);
  checkTeam(request, config, world, skip, out);
  if (!skip.has("acknowledgement") && !request.acknowledged && acknowledgementAsked(config)) {
    out.problem("acknowledgement", "the acknowledgement box is not ticked", "tick the box to confirm you read the terms");
  }
  const { owner, members } = checkLogins(request, config, world, skip, out);
  if (!snapshotKnown(world.snapshot)) {
    out.notice(
      "body",
      "the GitOps repository was not checked (no files were given), so taken namespaces and teams and missing quota components are not known",
    );
  }
  return { request: { ...request, clusters, owner, members }, problems: out.problems, notices: out.notices };
}
