import type { FieldId } from "../types.js";
import { CUSTOM_QUOTA_TEXT_FIELD, CUSTOM_TIER, type FormFieldId } from "../validation/request-schema.js";

export { CUSTOM_TIER };

/** The issue form element types the onboarding form uses. */
export type FormFieldType = "input" | "textarea" | "dropdown" | "checkboxes";

/** One field of the onboarding issue form: the single source of every name a person sees for it. */
export interface FormField {
  /**
   * The form element id; also the key `@github/issue-parser` returns and the `field` of a {@link Problem}. The ids
   * are the request schema's (`REQUEST_FIELDS` in src/validation/request-schema.ts).
   */
  id: FormFieldId;
  /** The heading GitHub renders in the issue body (`### <label>`) and the name used in every message. */
  label: string;
  type: FormFieldType;
  /** Help text under the label in the form (the form builder adds configured clusters and tiers). */
  description: string;
  /** Whether GitHub refuses to submit the form without a value. */
  required: boolean;
  /** Greyed-out example inside an empty input or textarea. */
  placeholder?: string;
}

/** How the form presents each field, in the order GitHub renders them; every field of the request schema, once. */
const PRESENTATION = {
  clusters: {
    label: "Clusters",
    type: "dropdown",
    description: "Clusters to create the namespaces on; pick one or more.",
    required: true,
  },
  team: {
    label: "Team name",
    type: "input",
    description:
      "Name of the team; becomes the OpenShift group. Lowercase letters, digits and '-', at most 63 characters.",
    required: true,
    placeholder: "my-team",
  },
  namespaces: {
    label: "Namespace names",
    type: "textarea",
    description:
      "One namespace per line; leave empty to use the team name. To give a namespace its own quota tier, write it after a colon: `my-team-ml: large`.",
    required: false,
    placeholder: "my-team-dev\nmy-team-ml: large",
  },
  owner: {
    label: "Project owner",
    type: "input",
    description: "GitHub login of the person responsible for the project; they are always a member.",
    required: true,
    placeholder: "octocat",
  },
  members: {
    label: "Team members",
    type: "textarea",
    description: "GitHub logins of the team's members, one per line; a leading @ is fine.",
    required: false,
    placeholder: "@octocat\n@hubot",
  },
  description: {
    label: "Project description",
    type: "textarea",
    description: "What the project is and what it will run on the cluster.",
    required: true,
  },
  display_name: {
    label: "Display name",
    type: "input",
    description: "Optional human-friendly name of the namespaces, shown in the console.",
    required: false,
    placeholder: "My Team",
  },
  docs_url: {
    label: "Documentation URL",
    type: "input",
    description: "Optional link to the project's documentation.",
    required: false,
    placeholder: "https://github.com/my-org/my-project",
  },
  quota_tier: {
    label: "Quota tier",
    type: "dropdown",
    description: "Resource quota of each namespace.",
    required: true,
  },
  custom_cpu: {
    label: "Custom CPU",
    type: "input",
    description: "Only for Custom: CPU of each namespace, for example 4 or 500m.",
    required: false,
    placeholder: "4",
  },
  custom_memory: {
    label: "Custom memory",
    type: "input",
    description: "Only for Custom: memory of each namespace, for example 16Gi.",
    required: false,
    placeholder: "16Gi",
  },
  custom_storage: {
    label: "Custom storage",
    type: "input",
    description: "Only for Custom: persistent storage of each namespace, for example 100Gi.",
    required: false,
    placeholder: "100Gi",
  },
  acknowledgement: {
    label: "Acknowledgement",
    type: "checkboxes",
    description: "Please confirm before submitting.",
    required: true,
  },
} satisfies Record<FormFieldId, Omit<FormField, "id">>;

/** The fields of the onboarding form, in the order GitHub renders them: one per field id of the request schema. */
export const FORM_FIELDS: readonly FormField[] = Object.entries(PRESENTATION).map(([id, field]) => ({ id: id as FormFieldId, ...field }));

/** The one option of the acknowledgement checkboxes (no commas: the issue parser splits on them). */
export const ACKNOWLEDGEMENT_OPTION =
  "I will keep the member list up to date and follow the cluster's acceptable use policy";

/** The option text of the custom quota tier in the quota dropdown. */
export const CUSTOM_TIER_OPTION = "Custom";

const BODY_LABEL = "Issue body";

/** Label of the single free-text custom quota, a field only a cloud's own form has (`intake.fields.custom_quota`). */
const CUSTOM_QUOTA_LABEL = "Custom quota";

const LABELS: ReadonlyMap<FieldId, string> = new Map<FieldId, string>([
  ...FORM_FIELDS.map((f): [FieldId, string] => [f.id, f.label]),
  [CUSTOM_QUOTA_TEXT_FIELD, CUSTOM_QUOTA_LABEL],
  ["body", BODY_LABEL],
]);

/** The label a person sees for a field (`body` is the whole issue). */
export function fieldLabel(id: FieldId): string {
  return LABELS.get(id) ?? id;
}

/** The form field with this id. Throws for an id the table does not have (a programming error). */
export function formField(id: FormField["id"]): FormField {
  const field = FORM_FIELDS.find((f) => f.id === id);
  if (!field) throw new Error(`fields: no form field with id '${id}'`);
  return field;
}
