import { DNS1123_LABEL } from "../../config/schema.js";

/**
 * The value a layout template's single `{placeholder}` takes in `dir`, when `dir` is that template filled
 * (`cluster-scope/components/resourcequotas/{tier}` and `.../resourcequotas/large` → `large`); `undefined` when `dir`
 * does not have the template's shape, the template has other placeholders, or the value is not a DNS-1123 label.
 */
export function templateValue(template: string, placeholder: string, dir: string): string | undefined {
  const token = `{${placeholder}}`;
  const at = template.indexOf(token);
  if (at === -1) return undefined;
  const prefix = template.slice(0, at);
  const suffix = template.slice(at + token.length);
  if (prefix.includes("{") || suffix.includes("{")) return undefined;
  if (dir.length <= prefix.length + suffix.length || !dir.startsWith(prefix) || !dir.endsWith(suffix)) return undefined;
  const value = dir.slice(prefix.length, dir.length - suffix.length);
  return value.length <= 63 && DNS1123_LABEL.test(value) ? value : undefined;
}
