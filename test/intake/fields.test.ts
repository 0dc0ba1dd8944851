import { describe, expect, it } from "vitest";
import { ACKNOWLEDGEMENT_OPTION, FORM_FIELDS, fieldLabel, formField } from "../../src/intake/fields.js";

describe("form field table", () => {
  it("has unique ids and unique labels, so a heading maps to exactly one field", () => {
    expect(new Set(FORM_FIELDS.map((f) => f.id)).size).toBe(FORM_FIELDS.length);
    expect(new Set(FORM_FIELDS.map((f) => f.label)).size).toBe(FORM_FIELDS.length);
  });

  it("covers every field id of the request model", () => {
    expect(FORM_FIELDS.map((f) => f.id).sort()).toEqual(
      [
        "acknowledgement",
        "clusters",
        "custom_cpu",
        "custom_memory",
        "custom_storage",
        "description",
        "display_name",
        "docs_url",
        "members",
        "namespaces",
        "owner",
        "quota_tier",
        "team",
      ].sort(),
    );
  });

  it("gives labels for every field and the whole body", () => {
    expect(fieldLabel("namespaces")).toBe("Namespace names");
    expect(fieldLabel("body")).toBe("Issue body");
    expect(formField("team").label).toBe(fieldLabel("team"));
  });

  it("keeps commas out of option texts, since the issue parser splits on them", () => {
    expect(ACKNOWLEDGEMENT_OPTION).not.toContain(",");
  });
});
