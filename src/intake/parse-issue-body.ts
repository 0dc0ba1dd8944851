import { parseIssue, type Checkboxes, type ParsedBody } from "@github/issue-parser";
import type { Config } from "../config/schema.js";
import type { FieldId, Notice, OnboardingRequest, Problem } from "../types.js";
import { breakBlankRuns } from "./blank-runs.js";
import { characterProblem } from "./character-problem.js";
import { describeCharacter } from "./characters.js";
import { CUSTOM_TIER, fieldLabel } from "./fields.js";
import { clusterForOption, tierForOption } from "./form-options.js";
import { generatedIntakeForm, relabel, resolveIntakeForm, type IntakeElement, type IntakeFieldId, type IntakeForm } from "./intake-form.js";
import { CUSTOM_QUOTA_FORMAT, parseCustomQuota } from "./parse-custom-quota.js";
import { LOGIN_LIST_EXPECTED, notLoginMessage, readLogins } from "./read-logins.js";
import { readNamespaces, readTierLines } from "./read-namespaces.js";
import { dedupeCaseless, stripAt, trimAscii } from "./split-list.js";

/**
 * What parsing an issue body found: the request as typed (not yet validated), what made it unreadable, what was
 * left out (notices), and the form it was read with (whose labels name the fields in every message).
 */
export interface ParsedIssueBody {
  request: OnboardingRequest;
  problems: Problem[];
  notices: Notice[];
  form?: IntakeForm;
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

/** A heading line of a section (`### Title`), as opposed to `###` alone or a deeper heading (`#### Details`). */
function sectionTitle(line: string): string | undefined {
  const title = headingLabel(line) ?? "";
  return title === "" || title.startsWith("#") ? undefined : title;
}

interface Sections {
  /** The encoded body the parser reads. */
  encoded: string;
  /** The raw text under each element's heading that was taken as the element's own, by form id. */
  raw: Map<string, string>;
  problems: Problem[];
  /** Sections whose heading is not a field of the form (retired sections of older issues). */
  ignored: string[];
}

/**
 * Finds the real field headings and neutralises every other `###`. GitHub renders each field once, in form
 * order, so the real heading of a field is its last occurrence before the real heading of the next field: a
 * heading someone typed inside a text area for a later field comes before that field's real heading, one for an
 * earlier field comes after it. A label that occurs more than once is reported on the field whose answer holds
 * the extra copy, since it is ambiguous which one the requester meant.
 *
 * A section heading (`### Title` on a line of its own) that is no field of the form ends the answer above it (once
 * that answer has begun: a heading typed as the first line of an answer is the answer): its section is left out
 * and reported as ignored. Older issues hold sections a form no longer has ("Target
 * environment", "Your GPG key or contact"), which must not become part of the answer above them.
 */
function splitSections(lines: string[], form: IntakeForm): Sections {
  const elements = form.elements;
  const byLabel = new Map(elements.map((el) => [el.label, el] as const));
  const occurrences = new Map<string, number[]>();
  lines.forEach((line, i) => {
    const label = headingLabel(line);
    const el = label === undefined ? undefined : byLabel.get(label);
    if (!el) return;
    const list = occurrences.get(el.formId) ?? [];
    list.push(i);
    occurrences.set(el.formId, list);
  });

  const chosen = new Map<number, IntakeElement>();
  let bound = lines.length;
  for (let f = elements.length - 1; f >= 0; f--) {
    const el = elements[f];
    if (!el) continue;
    const candidates = (occurrences.get(el.formId) ?? []).filter((i) => i < bound);
    const pick = candidates[candidates.length - 1];
    if (pick === undefined) continue;
    chosen.set(pick, el);
    bound = pick;
  }

  const problems: Problem[] = [];
  const ignored: string[] = [];
  const raw = new Map<string, string[]>();
  const encoded: string[] = [];
  const headings = new Set<number>();
  let current: IntakeElement | undefined;
  let answered = false;
  lines.forEach((line, i) => {
    const el = chosen.get(i);
    if (el) {
      current = el;
      answered = false;
      raw.set(el.formId, []);
      headings.add(encoded.length);
      encoded.push(`### ${el.label}`);
      return;
    }
    const title = sectionTitle(line);
    // GitHub never renders an empty answer (it writes `_No response_`): a heading on the first line of an answer
    // was typed by the person as the answer, and is kept as text.
    if (title !== undefined && !byLabel.has(title) && (answered || !current)) {
      ignored.push(title);
      current = undefined;
      return;
    }
    if (trimAscii(line) !== "") answered = true;
    if (current?.field && title !== undefined) {
      problems.push({
        field: current.field,
        label: current.label,
        message: `contains the line '${line}', which is the heading of a form field, so the answers cannot be told apart`,
        expected: "the answer without lines that start with '###' followed by a field label",
        value: line,
      });
    }
    if (!current) return;
    raw.get(current.formId)?.push(line);
    encoded.push(encodeLine(line));
  });
  return {
    encoded: breakBlankRuns(encoded, (i) => headings.has(i)).join("\n"),
    raw: new Map([...raw].map(([id, ls]) => [id, trimAscii(ls.join("\n"))])),
    problems,
    ignored: [...new Set(ignored)],
  };
}

function isCheckboxes(value: ParsedBody[string]): value is Checkboxes {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads the parsed answers of one body; `raw` fills in what the parser drops (an answer that is literally `None`). */
class Answers {
  constructor(
    private readonly parsed: ParsedBody,
    private readonly raw: Map<string, string>,
    private readonly form: IntakeForm,
  ) {}

  has(id: IntakeFieldId): boolean {
    return this.form.byField.has(id);
  }

  text(id: IntakeFieldId): string {
    const formId = this.form.byField.get(id)?.formId;
    if (formId === undefined) return "";
    const value = decodeValue(this.parsed[formId]);
    if (typeof value === "string") return trimAscii(value);
    if (Array.isArray(value)) return value.map(trimAscii).filter((v) => v !== "").join(", ");
    // The parser reads an answer of `None` as empty; for a text field that is a real value (a team named "none").
    const raw = this.raw.get(formId);
    if (value === undefined && raw !== undefined && raw.toLowerCase() === "none") return raw;
    return "";
  }

  options(id: IntakeFieldId): string[] {
    const formId = this.form.byField.get(id)?.formId;
    if (formId === undefined) return [];
    const value = decodeValue(this.parsed[formId]);
    if (Array.isArray(value)) return value.map(trimAscii).filter((v) => v !== "");
    if (typeof value === "string") return value === "" ? [] : [trimAscii(value)];
    return [];
  }

  checked(id: IntakeFieldId): boolean {
    const formId = this.form.byField.get(id)?.formId;
    const value = formId === undefined ? undefined : this.parsed[formId];
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

function fieldProblem(field: FieldId, message: string, expected: string, value?: string): Problem {
  const p: Problem = { field, label: fieldLabel(field), message, expected };
  if (value !== undefined) p.value = value;
  return p;
}

function quoteList(values: readonly string[]): string {
  return values.map((v) => `'${v}'`).join(", ");
}

/** The option texts a person sees for the configured clusters (in the form they used), else the names. */
function offeredClusters(config: Config, form: IntakeForm): string[] {
  const options = form.byField.get("clusters")?.options ?? [];
  return config.clusters.map((c) => options.find((o) => clusterForOption(config, o) === c.name) ?? c.name);
}

/** Clusters picked in the form, mapped to configured names; an option no configured cluster stands for is kept and reported. */
function readClusters(answers: Answers, config: Config, form: IntakeForm, problems: Problem[]): string[] {
  const picked = answers.options("clusters").flatMap((o) => (form.byField.get("clusters")?.type === "dropdown" ? [o] : readNamespaces(o).map((e) => e.name)));
  return picked.map((option) => {
    const name = clusterForOption(config, option);
    if (name !== undefined) return name;
    if (characterProblem("clusters", option, "name") === undefined) {
      problems.push(
        fieldProblem(
          "clusters",
          `'${option}' is not one of the clusters offered (it may have been retired)`,
          `one or more of the clusters offered: ${quoteList(offeredClusters(config, form))}`,
          option,
        ),
      );
    }
    return option;
  });
}

/** Members as typed: logins kept (without `@`), everything else (e-mail addresses, names, sentences) reported, never split. */
function readMembers(text: string, problems: Problem[]): string[] {
  const members: string[] = [];
  // A field heading typed into the answer is reported as such (splitSections), not as a member.
  const lines = text.split("\n").filter((line) => sectionTitle(line) === undefined);
  for (const item of readLogins(lines.join("\n"))) {
    if ("login" in item) members.push(item.login);
    else problems.push(fieldProblem("members", notLoginMessage(item), LOGIN_LIST_EXPECTED, item.text));
  }
  return dedupeCaseless(members);
}

/**
 * Reads an onboarding request from an issue body written with an issue form (`### Label` headings, `_No response_`
 * for empty answers, `- [X]` for ticked boxes), with `@github/issue-parser`. The form is the bot's generated one, or
 * the cloud's own (`formText`, the YAML of the form `intake.form` names, mapped by `intake.fields`; parsed once per
 * content): labels and options come from it, cluster and tier options map to configured names through `aliases`.
 *
 * Values are trimmed and logins lose a leading `@` (case is kept; it is canonicalised later). Namespaces default
 * to the team name and may carry their own tier (`name: tier`). Members that are not logins (e-mail addresses,
 * names, sentences) are reported and left out, never split into words. A free-text custom quota (`custom_quota`)
 * is read into CPU, memory and storage, or refused with the format that works. Nothing else is validated here
 * except what makes the body unreadable or deceptive: a body over `limits.maxBodyBytes` or with binary content
 * (one `body` problem, not parsed), a `###` field heading typed inside an answer, and invisible or look-alike
 * characters in names (refused, never stripped). A section that is no field of the form is left out with a notice.
 */
export function parseIssueBody(body: string, config: Config, formText?: string): ParsedIssueBody {
  let form = generatedIntakeForm(config);
  if (formText !== undefined) {
    const resolved = resolveIntakeForm(config, formText);
    if (!resolved.ok) {
      const reasons = resolved.problems.map((p) => `${p.key}: ${p.message}`).join("; ");
      return {
        request: emptyRequest(),
        problems: [bodyProblem(`the issue form this request is read with cannot be used (${reasons})`, "a maintainer fixes intake.form and intake.fields in the configuration")],
        notices: [],
      };
    }
    form = resolved.form;
  }
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
      notices: [],
      form,
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
      notices: [],
      form,
    };
  }

  const lines = body.replace(/^\ufeff/, "").replace(/\r\n?/g, "\n").split("\n");
  const sections = splitSections(lines, form);
  const answers = new Answers(parseIssue(sections.encoded, form.template), sections.raw, form);
  const readProblems: Problem[] = [];

  const team = answers.text("team");
  const entries = readNamespaces(answers.text("namespaces"));
  const listedNamespaces = entries.map((e) => e.name);
  const namespaces = listedNamespaces.length > 0 ? listedNamespaces : team !== "" ? [team] : [];
  const clusters = readClusters(answers, config, form, readProblems);
  const owner = stripAt(answers.text("owner"));
  const members = readMembers(answers.text("members"), readProblems);
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
  const notices: Notice[] = sections.ignored.map((title) => ({
    field: "body",
    label: fieldLabel("body"),
    message: `the section '${title.length > 80 ? `${title.slice(0, 77)}...` : title}' is not a field of the form and was ignored`,
  }));

  const tiers = entries.filter((e) => e.tier !== undefined).map((e) => ({ name: e.name, tier: e.tier ?? "" }));
  if (quotaTier === CUSTOM_TIER) readCustom(config, answers, request, tiers, readProblems, notices);
  if (tiers.length > 0) {
    request.namespaceTiers = Object.fromEntries(tiers.map((e) => [e.name, tierForOption(config, e.tier) ?? e.tier]));
  }

  const problems: Problem[] = [
    ...sections.problems,
    ...readProblems,
    ...nameProblems("team", team === "" ? [] : [team]),
    ...nameProblems("namespaces", listedNamespaces),
    ...nameProblems("owner", owner === "" ? [] : [owner]),
    ...nameProblems("members", members),
    ...textProblems("description", description),
    ...textProblems("display_name", request.displayName),
    ...nameProblems("quota_tier", quotaTier === "" ? [] : [quotaTier]),
  ];
  if (request.customQuota && !answers.has("custom_quota")) {
    problems.push(
      ...nameProblems("custom_cpu", [request.customQuota.cpu].filter((v) => v !== "")),
      ...nameProblems("custom_memory", [request.customQuota.memory].filter((v) => v !== "")),
      ...nameProblems("custom_storage", [request.customQuota.storage].filter((v) => v !== "")),
    );
  }
  return { request, problems: relabel(problems, form), notices: relabel(notices, form), form };
}

/**
 * The values of a Custom tier: three fields, or one free-text field (`custom_quota`). A free text that lists a
 * tier per namespace (`- name: small`, as real requests did before forms had a place for it) gives those tiers.
 */
function readCustom(
  config: Config,
  answers: Answers,
  request: OnboardingRequest,
  tiers: Array<{ name: string; tier: string }>,
  problems: Problem[],
  notices: Notice[],
): void {
  if (!answers.has("custom_quota")) {
    request.customQuota = { cpu: answers.text("custom_cpu"), memory: answers.text("custom_memory"), storage: answers.text("custom_storage") };
    return;
  }
  const text = answers.text("custom_quota");
  const perNamespace = tiers.length === 0 ? readTierLines(text, request.namespaces) : [];
  if (perNamespace.length > 0) {
    tiers.push(...perNamespace.map((e) => ({ name: e.name, tier: e.tier ?? "" })));
    const first = perNamespace[0]?.tier ?? "";
    const missing = request.namespaces.filter((ns) => !perNamespace.some((e) => e.name === ns));
    if (missing.length === 0) request.quotaTier = tierForOption(config, first) ?? first;
    notices.push({ field: "custom_quota", label: fieldLabel("custom_quota"), message: "lists a tier for each namespace; each namespace gets its own tier" });
    if (missing.length > 0) {
      request.customQuota = { cpu: "", memory: "", storage: "" };
      problems.push(
        fieldProblem(
          "custom_quota",
          `gives a tier for some namespaces but not for ${quoteList(missing)}`,
          `a line 'namespace: tier' for each of ${quoteList(request.namespaces)}`,
          text,
        ),
      );
    }
    return;
  }
  const read = parseCustomQuota(text);
  if (read.ok) {
    request.customQuota = read.quota;
    return;
  }
  request.customQuota = { cpu: "", memory: "", storage: "" };
  problems.push(fieldProblem("custom_quota", read.message, CUSTOM_QUOTA_FORMAT, text));
}
