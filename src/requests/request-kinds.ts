import type { Config } from "../config/schema.js";
import { CHANGE_KINDS, type ChangeKind } from "../rendering/changes/change-request.js";
import type { FieldId } from "../types.js";

/** Every kind of request the bot carries from issue to merged pull request: onboarding and the five change kinds. */
export type RequestKind = "onboarding" | ChangeKind;

/** A key of a change request's form (and of `requests.<kind>.fields`). */
export type ChangeFieldKey =
  | "team"
  | "namespace"
  | "clusters"
  | "add"
  | "remove"
  | "tier"
  | "custom_cpu"
  | "custom_memory"
  | "custom_storage"
  | "owner"
  | "description"
  | "display_name"
  | "docs_url";

/** How a field's answer is read: text, a list of GitHub logins, configured clusters, or a quota tier. */
export type ChangeFieldValue = "text" | "logins" | "clusters" | "tier";

/** One field of a change request's generated issue form. */
export interface ChangeField {
  key: ChangeFieldKey;
  /** The heading GitHub renders (`### <label>`) and the name every message uses. */
  label: string;
  type: "input" | "textarea" | "dropdown";
  value: ChangeFieldValue;
  description: string;
  required: boolean;
  placeholder?: string;
  /** The request field problems about this answer are reported on. */
  problemField: FieldId;
}

/** A change kind: its name, its form and who may ask. */
export interface ChangeKindInfo {
  kind: ChangeKind;
  /** Short name, e.g. "Members". */
  name: string;
  /** The title GitHub gives a new issue filed with the form. */
  issueTitle: string;
  /** The form's description in GitHub's template chooser. */
  description: string;
  /** Who may ask, in words. */
  whoMayAsk: string;
  fields: readonly ChangeField[];
}

const TEAM: ChangeField = {
  key: "team",
  label: "Team name",
  type: "input",
  value: "text",
  description: "The existing team (OpenShift group) this request is for.",
  required: true,
  placeholder: "my-team",
  problemField: "team",
};

const NAMESPACE: ChangeField = {
  key: "namespace",
  label: "Namespace",
  type: "input",
  value: "text",
  description: "An existing namespace of the team.",
  required: true,
  placeholder: "my-team-dev",
  problemField: "namespaces",
};

const TIER: ChangeField = {
  key: "tier",
  label: "Quota tier",
  type: "dropdown",
  value: "tier",
  description: "The namespace's resource quota.",
  required: true,
  problemField: "quota_tier",
};

const CUSTOM: readonly ChangeField[] = [
  { key: "custom_cpu", label: "Custom CPU", type: "input", value: "text", description: "Only for Custom: CPU, for example 4 or 500m.", required: false, placeholder: "4", problemField: "custom_cpu" },
  { key: "custom_memory", label: "Custom memory", type: "input", value: "text", description: "Only for Custom: memory, for example 16Gi.", required: false, placeholder: "16Gi", problemField: "custom_memory" },
  { key: "custom_storage", label: "Custom storage", type: "input", value: "text", description: "Only for Custom: persistent storage, for example 100Gi.", required: false, placeholder: "100Gi", problemField: "custom_storage" },
];

const MEMBER_OR_APPROVER = "a member of the team's group (as the GitOps base branch holds it), or an approver";
const NAMESPACE_ASKER = "a member of the team's group (as the GitOps base branch holds it), the namespace's recorded owner or requester, or an approver";

/** The change kinds, in the order the README lists them. */
export const CHANGE_KIND_INFO: Readonly<Record<ChangeKind, ChangeKindInfo>> = {
  members: {
    kind: "members",
    name: "Members",
    issueTitle: "Members: ",
    description: "Add or remove members of an existing team.",
    whoMayAsk: MEMBER_OR_APPROVER,
    fields: [
      TEAM,
      { key: "add", label: "Members to add", type: "textarea", value: "logins", description: "GitHub logins to add to the team, one per line; a leading @ is fine.", required: false, placeholder: "@octocat", problemField: "members" },
      { key: "remove", label: "Members to remove", type: "textarea", value: "logins", description: "GitHub logins to remove from the team, one per line.", required: false, placeholder: "@hubot", problemField: "members" },
    ],
  },
  quota: {
    kind: "quota",
    name: "Quota",
    issueTitle: "Quota: ",
    description: "Change a namespace's quota tier, or set a custom quota within the configured maximum.",
    whoMayAsk: NAMESPACE_ASKER,
    fields: [TEAM, NAMESPACE, TIER, ...CUSTOM],
  },
  namespace: {
    kind: "namespace",
    name: "Namespace",
    issueTitle: "Namespace: ",
    description: "Add a namespace for an existing team.",
    whoMayAsk: MEMBER_OR_APPROVER,
    fields: [
      TEAM,
      { ...NAMESPACE, label: "New namespace", description: "Name of the new namespace: lowercase letters, digits and '-', at most 63 characters." },
      { key: "clusters", label: "Clusters", type: "dropdown", value: "clusters", description: "Clusters to create the namespace on; pick one or more.", required: true, problemField: "clusters" },
      TIER,
      ...CUSTOM,
      { key: "owner", label: "Project owner", type: "input", value: "text", description: "GitHub login of the person responsible for the namespace.", required: true, placeholder: "octocat", problemField: "owner" },
      { key: "description", label: "Project description", type: "textarea", value: "text", description: "What the namespace is for.", required: true, problemField: "description" },
      { key: "display_name", label: "Display name", type: "input", value: "text", description: "Optional human-friendly name of the namespace.", required: false, problemField: "display_name" },
      { key: "docs_url", label: "Documentation URL", type: "input", value: "text", description: "Optional link to the project's documentation.", required: false, problemField: "docs_url" },
    ],
  },
  cluster: {
    kind: "cluster",
    name: "Cluster",
    issueTitle: "Clusters: ",
    description: "Add an existing namespace to more clusters, or remove it from some.",
    whoMayAsk: NAMESPACE_ASKER,
    fields: [
      TEAM,
      NAMESPACE,
      { key: "add", label: "Clusters to add", type: "dropdown", value: "clusters", description: "Clusters to add the namespace to.", required: false, problemField: "clusters" },
      { key: "remove", label: "Clusters to remove", type: "dropdown", value: "clusters", description: "Clusters to remove the namespace from (not its last one: that is offboarding).", required: false, problemField: "clusters" },
    ],
  },
  offboard: {
    kind: "offboard",
    name: "Offboarding",
    issueTitle: "Offboarding: ",
    description: "Remove a namespace from clusters; what nothing uses any more (its directory, a team left without namespaces) is deleted.",
    whoMayAsk: NAMESPACE_ASKER,
    fields: [TEAM, NAMESPACE, { key: "clusters", label: "Clusters to leave", type: "dropdown", value: "clusters", description: "Clusters to remove the namespace from.", required: true, problemField: "clusters" }],
  },
};

/** The change kinds in registry order. */
export const CHANGE_KIND_LIST: readonly ChangeKindInfo[] = CHANGE_KINDS.map((k) => CHANGE_KIND_INFO[k]);

/** The label of a change kind's issues (`requests.<kind>.label`). */
export function changeLabel(config: Config, kind: ChangeKind): string {
  return config.requests[kind].label;
}

/**
 * The kind of request an issue with `labels` is: onboarding when it carries `labels.request` (so onboarding behaves
 * exactly as before, whatever else the issue carries), else the change kind whose label it carries; `undefined`
 * when it is no request. An issue carrying the labels of two change kinds is the first in registry order.
 */
export function requestKindOf(config: Config, labels: readonly string[]): RequestKind | undefined {
  if (labels.includes(config.labels.request)) return "onboarding";
  return CHANGE_KINDS.find((kind) => labels.includes(changeLabel(config, kind)));
}

/** The label of a request kind's issues. */
export function requestLabel(config: Config, kind: RequestKind): string {
  return kind === "onboarding" ? config.labels.request : changeLabel(config, kind);
}
