/** Plain-text lines for problems, notices and configuration problems, as the command line prints them. */

import type { ConfigProblem } from "../config/parse-config.js";
import type { Notice, Problem } from "../types.js";

/** Removes control characters so that a hostile value cannot drive the terminal (escape sequences). */
function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, "?").replace(/\r?\n/g, " ");
}

/**
 * One problem as a CLI line: `<field>: <message> (<expected>)`; a problem of the GitOps repository or configuration
 * (`audience: "maintainers"`), never the requester's to fix, says so: `<field>: repository problem, for maintainers: ...`.
 */
export function formatProblem(p: Problem): string {
  const audience = p.audience === "maintainers" ? "repository problem, for maintainers: " : "";
  return plain(`${p.field}: ${audience}${p.message}${p.expected ? ` (${p.expected})` : ""}`);
}

/** One notice as a CLI line: `notice <field>: <message>`. */
export function formatNotice(n: Notice): string {
  return plain(`notice ${n.field}: ${n.message}`);
}

/** Configuration problems, one `config <key>: <message>` line each. */
export function formatConfigProblems(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `${plain(`config ${p.key}: ${p.message}`)}\n`).join("");
}
