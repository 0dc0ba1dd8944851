import type { Config } from "../config/schema.js";
import type { Notice, Problem } from "../types.js";
import type { IntakeForm } from "./intake-form.js";
import { fieldLabel } from "./fields.js";
import { emptyRequest, parseIssueBody } from "./parse-issue-body.js";
import { looksLikeYamlMapping, MAX_YAML_KEYS, parseRequestYaml, topLevelKeyLines } from "./parse-request-yaml.js";

/** How a request file was written. */
export type RequestFileFormat = "issue-body" | "json" | "yaml";

/**
 * A request read from a file. For `issue-body` the request is the parsed (typed) request; for `json` and `yaml`
 * it is the object as written, not yet checked against the schema (validation does that).
 */
export interface LoadedRequest {
  format: RequestFileFormat;
  request: unknown;
  problems: Problem[];
  /** What the issue body parser left out (sections that are no field of the form). */
  notices?: Notice[];
  /** The form an issue body was read with (its labels name the fields). */
  form?: IntakeForm;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function fileProblem(message: string, expected: string): Problem {
  return { field: "body", label: fieldLabel("body"), message, expected };
}

/**
 * Reads a request given as a file's text: a JSON object (text starting with `{`), a YAML mapping, or else (and
 * always when it starts with a `###` heading) an issue body in the issue form's Markdown, parsed with
 * {@link parseIssueBody} (with the cloud's own form when `formText` is given). Text larger than `limits.maxBodyBytes` is refused unread, whatever its format.
 */
export function loadRequestText(text: string, config: Config, formText?: string): LoadedRequest {
  const content = text.replace(/^\ufeff/, "");
  const bytes = Buffer.byteLength(content, "utf8");
  if (bytes > config.limits.maxBodyBytes) {
    return {
      format: "issue-body",
      request: emptyRequest(),
      problems: [
        fileProblem(
          `the request is ${bytes} bytes, more than the ${config.limits.maxBodyBytes} bytes onboarding-bot reads`,
          "a request of at most limits.maxBodyBytes bytes",
        ),
      ],
    };
  }
  const start = content.trimStart();
  if (start.startsWith("{")) {
    try {
      const value: unknown = JSON.parse(content);
      if (isPlainObject(value)) return { format: "json", request: value, problems: [] };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        format: "json",
        request: emptyRequest(),
        problems: [fileProblem(`the request is not valid JSON (${reason})`, "a JSON object in the OnboardingRequest shape")],
      };
    }
  }
  if (!start.startsWith("###") && looksLikeYamlMapping(content)) {
    const keys = topLevelKeyLines(content);
    if (keys > MAX_YAML_KEYS) {
      const message = `the request has ${keys} top-level keys, more than the ${MAX_YAML_KEYS} onboarding-bot reads`;
      return { format: "yaml", request: emptyRequest(), problems: [fileProblem(message, "a YAML mapping with only the properties of a request, each once")] };
    }
    let value: unknown;
    try {
      value = parseRequestYaml(content);
    } catch {
      value = undefined; // not YAML: read it as an issue body below
    }
    if (isPlainObject(value)) return { format: "yaml", request: value, problems: [] };
  }
  const parsed = parseIssueBody(content, config, formText);
  const loaded: LoadedRequest = { format: "issue-body", request: parsed.request, problems: parsed.problems, notices: parsed.notices };
  if (parsed.form) loaded.form = parsed.form;
  return loaded;
}
