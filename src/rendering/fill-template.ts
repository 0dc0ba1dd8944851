import { DNS1123_LABEL } from "../config/schema.js";
import { checkRepoPath } from "./safe-path.js";

/** Values for the placeholders of a layout path template (`{namespace}`, `{team}`, `{tier}`). */
export type TemplateValues = Readonly<Partial<Record<"namespace" | "team" | "tier", string>>>;

/** A filled template: the normalised repository path, or why it could not be filled safely. */
export type FillResult = { ok: true; path: string } | { ok: false; error: string };

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * Fills the `{name}` placeholders of a layout path template. Every value must be a DNS-1123 label (at most 63
 * characters), so no value can add a segment, a `..` or a separator; an unknown or unset placeholder is an error.
 * The filled path must pass {@link checkRepoPath}: normalised, relative, inside the template's static prefix.
 */
export function fillTemplate(template: string, values: TemplateValues): FillResult {
  let error: string | undefined;
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name as keyof TemplateValues] : undefined;
    if (value === undefined) {
      error ??= `layout template '${template}': placeholder ${whole} has no value; expected one of {namespace}, {team}, {tier} as documented for this key`;
      return whole;
    }
    if (value.length > 63 || !DNS1123_LABEL.test(value)) {
      error ??= `layout template '${template}': value '${value}' for ${whole} is not a DNS-1123 label; expected lowercase letters, digits and '-', at most 63 characters`;
      return whole;
    }
    return value;
  });
  if (error !== undefined) return { ok: false, error };
  if (filled.includes("{") || filled.includes("}")) {
    return { ok: false, error: `layout template '${template}': unbalanced '{' or '}'; expected placeholders like {team}` };
  }
  return checkRepoPath(template, filled);
}
