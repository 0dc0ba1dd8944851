import { renderIssueBody, validValues, type FormValues } from "../test/helpers/issue-body.js";

/** One adversarial issue body: what it attacks, and the body (at most `size` bytes of UTF-8). */
export interface AdversarialBody {
  name: string;
  body: string;
}

type Field = Exclude<keyof FormValues, "acknowledgement">;

/** A pattern repeated to fill `bytes` bytes of UTF-8, between `head` and `tail`. */
function fill(head: string, unit: string, tail: string, bytes: number): string {
  const unitBytes = Buffer.byteLength(unit, "utf8");
  const room = bytes - Buffer.byteLength(head + tail, "utf8");
  return `${head}${unit.repeat(Math.max(0, Math.floor(room / unitBytes)))}${tail}`;
}

/** A valid form body whose `field` answer is `head + unit… + tail`, filled so the whole body is at most `size` bytes. */
function inField(
  field: Field,
  head: string,
  unit: string,
  tail: string,
  size: number,
  opts: { crlf?: boolean } = {},
  make: (bytes: number) => string = (bytes) => fill(head, unit, tail, bytes),
): string {
  const base = renderIssueBody(validValues({ [field]: "" }), opts);
  // `_No response_` stands where the answer goes; CRLF bodies double every line break of the filler.
  const room = size - Buffer.byteLength(base, "utf8") + Buffer.byteLength("_No response_", "utf8");
  const answer = make(opts.crlf ? Math.floor(room / 2) : room);
  return renderIssueBody(validValues({ [field]: answer }), opts);
}

/**
 * Issue bodies of `size` bytes (default 64 KiB, GitHub's limit and the default `limits.maxBodyBytes`) built to
 * hit the worst case of each pass over user text: long runs of whitespace that a backtracking regular expression
 * retries from every position, headings (real labels repeated and `###` look-alikes), list markers, backticks,
 * `@` and `#` (which escaping expands), look-alike and invisible characters, CRLF and lone CR line breaks, one
 * long line, and autolink look-alikes. Each run sits inside a field's answer of an otherwise valid form body, so
 * every stage (parse, validate, status rendering) sees it; a few bodies are the pattern alone, and a few are YAML
 * that the CLI's `validate` parses as YAML before reading it as an issue body.
 */
export function adversarialBodies(size = 65_536): AdversarialBody[] {
  const bodies: AdversarialBody[] = [
    { name: "spaces inside a list answer", body: inField("members", "alice", " ", "bob", size) },
    { name: "spaces and tabs inside a list answer", body: inField("members", "alice", " \t", "bob", size) },
    { name: "spaces inside the team name", body: inField("team", "a", " ", "b", size) },
    { name: "blank lines inside the description", body: inField("description", "a", "\n", "b", size) },
    { name: "blank lines inside a list answer", body: inField("namespaces", "a", "\n", "b", size) },
    { name: "whitespace-only lines", body: inField("description", "a", " \t \n", "b", size) },
    { name: "CRLF blank lines (CRLF body)", body: inField("description", "a", "\n", "b", size, { crlf: true }) },
    { name: "lone CR", body: inField("description", "a", "\r", "b", size) },
    { name: "heading with a whitespace run", body: inField("description", "### ", " \t", "x", size) },
    { name: "heading with trailing whitespace", body: inField("description", "### Team", " \t", "", size) },
    { name: "repeated field heading", body: inField("description", "", "### Team name\n", "", size) },
    { name: "repeated heading look-alikes", body: inField("description", "", "###x\n", "", size) },
    { name: "hash run", body: inField("description", "", "#", "", size) },
    { name: "list markers on one line", body: inField("members", "", "- [ ] ", "alice", size) },
    { name: "list marker lines", body: inField("members", "", "1. - \n", "alice", size) },
    { name: "backtick run", body: inField("description", "", "`", "", size) },
    { name: "backticks in a name", body: inField("team", "a", "`", "b", size) },
    { name: "at-sign run", body: inField("description", "", "@", "", size) },
    { name: "mentions in a list", body: inField("members", "", "@a ", "", size) },
    { name: "hash references", body: inField("description", "", "#1 ", "", size) },
    { name: "autolink look-alikes", body: inField("description", "", "www.https://", "", size) },
    { name: "SHA and GH- look-alikes", body: inField("description", "", "GH-1 deadbeef o/r#1 ", "", size) },
    { name: "Cyrillic look-alikes in the team name", body: inField("team", "", "\u0430", "", size) },
    { name: "zero-width characters in a name", body: inField("members", "a", "\u200b", "b", size) },
    { name: "no-break spaces (trimmed by the parser)", body: inField("members", "a", "\u00a0", "b", size) },
    { name: "one long name", body: inField("team", "", "a", "", size) },
    { name: "one long list item", body: inField("namespaces", "", "a-", "b", size) },
    { name: "many list items", body: inField("members", "", "a,", "", size) },
    { name: "many distinct bad names", body: inField("namespaces", "", "", "", size, {}, distinctNames) },
    { name: "many long bad names of @ and #", body: inField("namespaces", "", "", "", size, {}, (bytes) => distinctNames(bytes, "@#".repeat(250))) },
    // A name with an invisible character is quoted whole in its problem, and escaping makes each `@` nine characters.
    { name: "zero-width names full of @", body: inField("members", "", "", "", size, {}, (bytes) => distinctNames(bytes, `\u200b${"@".repeat(500)}`)) },
    { name: "pattern alone: spaces", body: fill("a", " ", "b", size) },
    { name: "pattern alone: blank lines", body: fill("a", "\n", "b", size) },
    { name: "pattern alone: headings", body: fill("", "### \t", "x", size) },
    { name: "pattern alone: YAML look-alike", body: fill("a:", " ", "b", size) },
    // The CLI reads a file that does not start with `###` or `{` as YAML first.
    { name: "YAML: many keys", body: yamlKeys(size) },
    { name: "YAML: open brackets", body: fill("", "[", "", size) },
    { name: "YAML: nested dashes", body: fill("", "- ", "", size) },
    { name: "YAML: comment lines", body: fill("", "#\n", "", size) },
  ];
  return bodies.map((b) => ({ ...b, body: shrinkToSize(b.body, size) }));
}

/** Distinct invalid names (`B0_ B1_ …`, each with `infix`), so that deduplication cannot fold their problems into one. */
function distinctNames(bytes: number, infix = ""): string {
  const names: string[] = [];
  let used = 0;
  for (let i = 0; ; i++) {
    const name = `B${i.toString(36)}${infix}_ `;
    if (used + name.length > bytes) break;
    names.push(name);
    used += name.length;
  }
  return names.join("");
}

/** A YAML mapping with as many keys as fit (`k0: v`, `k1: v`, …). */
function yamlKeys(bytes: number): string {
  const lines: string[] = [];
  let used = 0;
  for (let i = 0; ; i++) {
    const line = `k${i}: v\n`;
    if (used + line.length > bytes) break;
    lines.push(line);
    used += line.length;
  }
  return lines.join("");
}

/** Cuts a body from the end until it is at most `size` bytes (a filler's multi-byte rounding can overshoot by a few). */
function shrinkToSize(body: string, size: number): string {
  let out = body;
  while (Buffer.byteLength(out, "utf8") > size) out = out.slice(0, size - Buffer.byteLength(out, "utf8") || -1);
  return out;
}
