import { Document, Scalar, parse, visit } from "yaml";

/** Plain words YAML 1.1 reads as booleans or null (compared lowercased, so some harmless words get quoted too). */
const YAML11_WORDS = new Set(["y", "yes", "n", "no", "true", "false", "on", "off", "null"]);
/** Starts with a letter and holds only letters, digits, `_`, `.`, `/`, `-`: plain unless it is one of the words. */
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 4096;

/**
 * Whether a one-line string, written plain, would read back as exactly itself under both YAML 1.1 (what
 * sigs.k8s.io/yaml and older tools follow: `yes`, `on`, `0o10`, `2026-01-01`, `1_000` are not strings there) and
 * YAML 1.2 (the `yaml` package's default). Identifier-like strings are decided without parsing; others are parsed
 * under both versions once and the verdict is remembered.
 */
export function plainIsSafe(value: string): boolean {
  if (IDENTIFIER.test(value)) return !YAML11_WORDS.has(value.toLowerCase());
  const known = verdicts.get(value);
  if (known !== undefined) return known;
  let safe: boolean;
  if (value === "" || value.trim() !== value) safe = false;
  else {
    try {
      safe = parse(value, { version: "1.1", logLevel: "error" }) === value && parse(value, { version: "1.2", logLevel: "error" }) === value;
    } catch {
      safe = false;
    }
  }
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(value, safe);
  return safe;
}

/**
 * Whether a multi-line string can be written as a block scalar and read back exactly: block scalars lose or
 * reinterpret leading and trailing blanks on a line, lines of only blanks, tabs, carriage returns, the other
 * Unicode line breaks and control characters. Anything like that is written double-quoted, which is exact.
 */
export function blockIsSafe(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/(^|\n)[ \t]|[ \t](\n|$)|[\r\t\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value);
}

/**
 * Serialises a plain object (a Kubernetes object or a kustomization) as YAML, deterministically: keys in the order the
 * object was built, 2-space indentation with indented sequences, no line folding. Strings are never emitted in a form
 * that a YAML 1.1 or 1.2 reader would turn into something else (boolean, number, timestamp, null, mapping): they are
 * double-quoted unless plain is unambiguous ({@link plainIsSafe}), multi-line strings use block scalars, and mapping
 * keys and structure come from the `yaml` library, so no value can add keys or documents. (Tests parse every output
 * back under both versions; doing so here on every render would cost more than the rendering.)
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { version: "1.1" });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== "string") return;
      const multiLine = node.value.includes("\n");
      if ((!multiLine && !plainIsSafe(node.value)) || (multiLine && !blockIsSafe(node.value))) {
        node.type = Scalar.QUOTE_DOUBLE;
      }
    },
  });
  // doubleQuotedAsJSON: the multi-line double-quoted form of the yaml package loses blank-only lines.
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true, flowCollectionPadding: false, doubleQuotedAsJSON: true });
}

