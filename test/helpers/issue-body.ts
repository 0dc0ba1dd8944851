import { ACKNOWLEDGEMENT_OPTION, FORM_FIELDS } from "../../src/intake/fields.js";
import type { FieldId } from "../../src/types.js";

/** Values as a person would fill the form in: dropdowns by option label, textareas as text, the checkbox ticked or not. */
export type FormValues = Partial<Record<Exclude<FieldId, "body" | "acknowledgement">, string>> & { acknowledgement?: boolean };

/**
 * Renders an issue body the way GitHub renders a submitted issue form: `### <label>`, a blank line, the value or
 * `_No response_`, checkboxes as `- [X]` / `- [ ]`.
 */
export function renderIssueBody(values: FormValues, opts: { crlf?: boolean } = {}): string {
  const parts: string[] = [];
  for (const field of FORM_FIELDS) {
    if (field.id === "acknowledgement") {
      const ticked = values.acknowledgement ?? true;
      parts.push(`### ${field.label}\n\n- [${ticked ? "X" : " "}] ${ACKNOWLEDGEMENT_OPTION}`);
      continue;
    }
    const value = values[field.id];
    parts.push(`### ${field.label}\n\n${value === undefined || value === "" ? "_No response_" : value}`);
  }
  const body = parts.join("\n\n");
  return opts.crlf ? body.replace(/\n/g, "\r\n") : body;
}

/** A valid request for the Operate First fixture: new team `astro-lab`, one namespace on smaug. */
export function validValues(overrides: FormValues = {}): FormValues {
  return {
    clusters: "smaug",
    team: "astro-lab",
    namespaces: "astro-lab",
    owner: "alice",
    members: "@alice\n@Bob",
    description: "Telescope image processing for the astronomy lab.",
    display_name: "Astro Lab",
    docs_url: "https://example.org/astro-lab",
    quota_tier: "small",
    acknowledgement: true,
    ...overrides,
  };
}
