/**
 * Layout path templates (`layout.namespaceDir` and friends) as patterns over directory paths: which directories a
 * template could have produced for some namespace, at any team. Pure; compiled once per template.
 */

const PLACEHOLDER = /\{([a-z]+)\}/g;

/** One segment of a layout template: text and placeholders in order. */
export type SegmentPart = { text: string } | { placeholder: string };

/** A compiled layout template. */
export interface LayoutPattern {
  segments: SegmentPart[][];
  /** Index of the segment that is exactly `{namespace}`, when there is one (the usual case): names are then looked up. */
  nameSegment: number | undefined;
}

function compileSegment(segment: string): SegmentPart[] {
  const parts: SegmentPart[] = [];
  let last = 0;
  for (const match of segment.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push({ text: segment.slice(last, match.index) });
    parts.push({ placeholder: match[1] ?? "" });
    last = match.index + match[0].length;
  }
  if (last < segment.length) parts.push({ text: segment.slice(last) });
  return parts;
}

const patterns = new Map<string, LayoutPattern>();

/** The compiled pattern of a layout template, cached per template text. */
export function layoutPattern(template: string): LayoutPattern {
  let pattern = patterns.get(template);
  if (!pattern) {
    const segments = template.split("/").map(compileSegment);
    const whole = segments.findIndex((parts) => parts.length === 1 && "placeholder" in parts[0]! && parts[0].placeholder === "namespace");
    pattern = { segments, nameSegment: whole < 0 ? undefined : whole };
    patterns.set(template, pattern);
  }
  return pattern;
}

/**
 * Whether `value` matches a segment pattern: text literally, `{namespace}` as `name` (any non-empty text when
 * `name` is undefined), every other placeholder as any non-empty text. Backtracking over the parts; segments are short.
 */
export function segmentMatches(parts: readonly SegmentPart[], value: string, name: string | undefined, from = 0, at = 0): boolean {
  if (from === parts.length) return at === value.length;
  const part = parts[from]!;
  const literal = "text" in part ? part.text : part.placeholder === "namespace" ? name : undefined;
  if (literal !== undefined) return value.startsWith(literal, at) && segmentMatches(parts, value, name, from + 1, at + literal.length);
  for (let end = at + 1; end <= value.length; end++) {
    if (segmentMatches(parts, value, name, from + 1, end)) return true;
  }
  return false;
}

/** Whether a directory (split into segments) is one the pattern could have produced (for namespace `name`, if given). */
export function dirMatches(pattern: LayoutPattern, segments: readonly string[], name: string | undefined): boolean {
  if (segments.length !== pattern.segments.length) return false;
  return pattern.segments.every((parts, i) => segmentMatches(parts, segments[i]!, name));
}

/**
 * The segment as a literal once `{namespace}` is `name`: its text when every placeholder in it is `{namespace}`,
 * undefined when it has another placeholder (`{team}`: any value matches, so the directory above must be listed).
 */
export function literalSegment(parts: readonly SegmentPart[], name: string): string | undefined {
  let out = "";
  for (const part of parts) {
    if ("text" in part) out += part.text;
    else if (part.placeholder === "namespace") out += name;
    else return undefined;
  }
  return out;
}
