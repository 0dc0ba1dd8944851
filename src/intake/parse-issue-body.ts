import { parseIssue, type Checkboxes, type ParsedBody } from "@github/issue-parser";
import type { Config } from "../config/schema.js";
import type { CustomQuota, FieldId, OnboardingRequest, Problem } from "../types.js";
import { breakBlankRuns } from "./blank-runs.js";
import { buildIssueForm } from "./build-issue-form.js";
import { characterProblem } from "./character-problem.js";
import { describeCharacter } from "./characters.js";
import { CUSTOM_TIER, FORM_FIELDS, fieldLabel, type FormField } from "./fields.js";
import { tierForOption } from "./form-options.js";
import { dedupeCaseless, splitList, stripAt, trimAscii } from "./split-list.js";

/** What parsing an issue body found: the request as typed (not yet validated) and what made it unreadable. */
export interface ParsedIssueBody {
  request: OnboardingRequest;
  problems: Problem[];
}

const templates = new WeakMap<Config, string>();

/**
 * The form as YAML for `@github/issue-parser`, with every field (see `allFields`) and only what the parser reads
 * (ids, types, labels, options), computed once per config. The parser parses this YAML on every call, so the
 * descriptions are left out and it is written as JSON (valid YAML that parses faster) to keep that cheap.
 */
function parserTemplate(config: Config): string {
  let yaml = templates.get(config);
  if (yaml === undefined) {
    const form = buildIssueForm(config, { allFields: true });
    const body = form.body.flatMap((el): object[] => {
      if (el.type === "markdown") return [];
      const { label } = el.attributes;
      if (el.type === "dropdown") {
        return [{ type: el.type, id: el.id, attributes: { label, multiple: el.attributes.multiple, options: el.attributes.options } }];
      }
      if (el.type === "checkboxes") {
        return [{ type: el.type, id: el.id, attributes: { label, options: el.attributes.options } }];
      }
      return [{ type: el.type, id: el.id, attributes: { label } }];
    });
    yaml = JSON.stringify({ body });
    templates.set(config, yaml);
  }
  return yaml;
}

/** A request with nothing filled in: what a body that cannot be read at all parses to. */
export function emptyRequest(): OnboardingRequest {
  return {
    team: "",
    namespaces: [],
    clusters: [],
    owner: "",
    members: [],
    description: "",
    quotaTier: "",
    acknowledged: false,
  };
}

function bodyProblem(message: string, expected: string): Problem {
  return { field: "body", label: fieldLabel("body"), message, expected };
}

// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000e-\u001f]/;

/**
 * Characters `@github/issue-parser` would trim away unseen (it calls `String.prototype.trim`, which removes
 * U+FEFF, U+00A0 and other Unicode spaces) are swapped for sentinels around the call and restored after, so that
 * validation sees them. `###` that is not a field heading is swapped the same way: the parser otherwise starts a
 * new section at any `###`, even in the middle of a line. NUL never occurs in a parsed body (it is refused), so
 * the sentinels cannot collide with text.
 */
// eslint-disable-next-line no-control-regex
const TRIMMED_BY_PARSER = /[\u000b\u000c\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
const HASHES_SENTINEL = "\u0000H\u0000";
// eslint-disable-next-line no-control-regex
const SENTINEL = /\u0000(H|E|[0-9a-f]{1,6})\u0000/g;

function encodeLine(line: string): string {
  return line
    .replace(TRIMMED_BY_PARSER, (c) => `\u0000${(c.codePointAt(0) ?? 0).toString(16)}\u0000`)
    .replaceAll("###", HASHES_SENTINEL);
}

function decode(text: string): string {
  return text.replace(SENTINEL, (_m, code: string) => (code === "H" ? "###" : code === "E" ? "" : String.fromCodePoint(Number.parseInt(code, 16))));
}

function decodeValue(value: ParsedBody[string]): ParsedBody[string] {
  if (value === undefined) return undefined;
  if (typeof value === "string") return decode(value);
  if (Array.isArray(value)) return value.map(decode);
  return { selected: value.selected.map(decode), unselected: value.unselected.map(decode) };
}

/**
 * The text of a `### heading` line: after `###` and any spaces, without trailing spaces and tabs; `undefined` when
 * the line is no heading (or holds a line terminator). Scanned by hand: the pattern `^### *(.*?)[ \t]*$` it replaces
 * tried every split of a long run of blanks, quadratic in its length.
 */
function headingLabel(line: string): string | undefined {
  if (!line.startsWith("###") || /[\n\r\u2028\u2029]/.test(line)) return undefined;
  let start = 3;
  while (line.charCodeAt(start) === 0x20) start++;
  let end = line.length;
  while (end > start && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  return line.slice(start, end);
}

interface Sections {
  /** The encoded body the parser reads. */
  encoded: string;
  /** The raw text under each field heading that was taken as the field's own. */
  raw: Map<FormField["id"], string>;
  problems: Problem[];
}

/**
 * Finds the real field headings and neutralises every other `###`. GitHub renders each field once, in form
 * order, so the real heading of a field is its last occurrence before the real heading of the next field: a
 * heading someone typed inside a text area for a later field comes before that field's real heading, one for an
 * earlier field comes after it. A label that occurs more than once is reported on the field whose answer holds
 * the extra copy, since it is ambiguous which one the requester meant.
 */
function splitSections(lines: string[]): Sections {
  const byLabel = new Map(FORM_FIELDS.map((f) => [f.label, f] as const));
  const occurrences = new Map<FormField["id"], number[]>();
  lines.forEach((line, i) => {
    const label = headingLabel(line);
    const field = label === undefined ? undefined : byLabel.get(label);
    if (!field) return;
    const list = occurrences.get(field.id) ?? [];
    list.push(i);
    occurrences.set(field.id, list);
  });

  const chosen = new Map<number, FormField>();
  let bound = lines.length;
  for (let f = FORM_FIELDS.length - 1; f >= 0; f--) {
    const field = FORM_FIELDS[f];
    if (!field) continue;
    const candidates = (occurrences.get(field.id) ?? []).filter((i) => i < bound);
    const pick = candidates[candidates.length - 1];
    if (pick === undefined) continue;
    chosen.set(pick, field);
    bound = pick;
  }

  const problems: Problem[] = [];
  const raw = new Map<FormField["id"], string[]>();
  const encoded: string[] = [];
  let current: FormField | undefined;
  lines.forEach((line, i) => {
    const field = chosen.get(i);
    if (field) {
      current = field;
      raw.set(field.id, []);
      encoded.push(`### ${field.label}`);
      return;
    }
    const label = headingLabel(line);
    if (current && label !== undefined && byLabel.has(label)) {
      problems.push({
        field: current.id,
        label: current.label,
        message: `contains the line '${line}', which is the heading of a form field, so the answers cannot be told apart`,
        expected: "the answer without lines that start with '###' followed by a field label",
        value: line,
      });
    }
    if (current) raw.get(current.id)?.push(line);
    encoded.push(encodeLine(line));
  });
  return {
    encoded: breakBlankRuns(encoded, (i) => chosen.has(i)).join("\n"),
    raw: new Map([...raw].map(([id, ls]) => [id, trimAscii(ls.join("\n"))])),
    problems,
  };
}

function isCheckboxes(value: ParsedBody[string]): value is Checkboxes {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the parsed answers of one body; `raw` fills in what the parser drops (an answer that is literally `None`). */
class Answers {
  constructor(
    private readonly parsed: ParsedBody,
    private readonly raw: Map<FormField["id"], string>,
  ) {}

  text(id: FormField["id"]): string {
    const value = decodeValue(this.parsed[id]);
    if (typeof value === "string") return trimAscii(value);
    // The parser reads an answer of `None` as empty; for a text field that is a real value (a team named "none").
    const raw = this.raw.get(id);
    if (value === undefined && raw !== undefined && raw.toLowerCase() === "none") return raw;
    return "";
  }

  options(id: FormField["id"]): string[] {
    const value = decodeValue(this.parsed[id]);
    if (Array.isArray(value)) return value.map(trimAscii).filter((v) => v !== "");
    if (typeof value === "string") return value === "" ? [] : [trimAscii(value)];
    return [];
  }

  checked(id: FormField["id"]): boolean {
    const value = this.parsed[id];
    return isCheckboxes(value) && value.selected.length > 0;
  }
}

function nameProblems(field: FieldId, values: readonly string[]): Problem[] {
  const out: Problem[] = [];
  for (const v of values) {
    const p = characterProblem(field, v, "name");
    if (p) out.push(p);
  }
  return out;
}

function textProblems(field: FieldId, value: string | undefined): Problem[] {
  if (value === undefined) return [];
  const p = characterProblem(field, value, "text");
  return p ? [p] : [];
}

/**
 * Reads an onboarding request from an issue body written by the issue form (`### Label` headings, `_No response_`
 * for empty answers, `- [X]` for ticked boxes), with `@github/issue-parser` and the form built from `config`.
 *
 * Values are trimmed and logins lose a leading `@` (case is kept; it is canonicalised later). Namespaces default
 * to the team name. Nothing is validated here except what makes the body unreadable or deceptive: a body over
 * `limits.maxBodyBytes` or with binary content (one `body` problem, not parsed), a `###` field heading typed
 * inside an answer, and invisible or look-alike characters in names (refused, never stripped).
 */
export function parseIssueBody(body: string, config: Config): ParsedIssueBody {
  const bytes = Buffer.byteLength(body, "utf8");
  if (bytes > config.limits.maxBodyBytes) {
    return {
      request: emptyRequest(),
      problems: [
        bodyProblem(
          `the issue body is ${bytes} bytes, more than the ${config.limits.maxBodyBytes} bytes onboarding-bot reads`,
          "an issue body written with the onboarding issue form, without attachments pasted into it",
        ),
      ],
    };
  }
  const binary = BINARY.exec(body);
  if (binary) {
    return {
      request: emptyRequest(),
      problems: [
        bodyProblem(
          `the issue body contains binary data (${describeCharacter(binary[0])})`,
          "an issue body of plain text written with the onboarding issue form",
        ),
      ],
    };
  }

  const lines = body.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
  const sections = splitSections(lines);
  const answers = new Answers(parseIssue(sections.encoded, parserTemplate(config)), sections.raw);

  const team = answers.text("team");
  const listedNamespaces = splitList(answers.text("namespaces"));
  const namespaces = listedNamespaces.length > 0 ? listedNamespaces : team !== "" ? [team] : [];
  const clusters = answers.options("clusters");
  const owner = stripAt(answers.text("owner"));
  const members = dedupeCaseless(splitList(answers.text("members")).map(stripAt).filter((m) => m !== ""));
  const description = answers.text("description");
  const displayName = answers.text("display_name");
  const docsUrl = answers.text("docs_url");
  const tierAnswer = answers.options("quota_tier").join(", ");
  const quotaTier = tierAnswer === "" ? "" : (tierForOption(config, tierAnswer) ?? tierAnswer);

  const request: OnboardingRequest = {
    team,
    namespaces,
    clusters,
    owner,
    members,
    description,
    quotaTier,
    acknowledged: answers.checked("acknowledgement"),
  };
  if (displayName !== "") request.displayName = displayName;
  if (docsUrl !== "") request.docsUrl = docsUrl;
  if (quotaTier === CUSTOM_TIER) {
    const customQuota: CustomQuota = {
      cpu: answers.text("custom_cpu"),
      memory: answers.text("custom_memory"),
      storage: answers.text("custom_storage"),
    };
    request.customQuota = customQuota;
  }

  const problems: Problem[] = [
    ...sections.problems,
    ...nameProblems("clusters", clusters),
    ...nameProblems("team", team === "" ? [] : [team]),
    ...nameProblems("namespaces", listedNamespaces),
    ...nameProblems("owner", owner === "" ? [] : [owner]),
    ...nameProblems("members", members),
    ...textProblems("description", description),
    ...textProblems("display_name", request.displayName),
    ...nameProblems("quota_tier", quotaTier === "" ? [] : [quotaTier]),
  ];
  if (request.customQuota) {
    problems.push(
      ...nameProblems("custom_cpu", [request.customQuota.cpu].filter((v) => v !== "")),
      ...nameProblems("custom_memory", [request.customQuota.memory].filter((v) => v !== "")),
      ...nameProblems("custom_storage", [request.customQuota.storage].filter((v) => v !== "")),
    );
  }
  return { request, problems };
}
