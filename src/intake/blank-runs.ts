/** The line that stands for an empty line inside an answer, for `@github/issue-parser` (decoded back to ""). */
export const EMPTY_LINE_SENTINEL = "\u0000E\u0000";

/**
 * `lines` (the encoded body `@github/issue-parser` reads) with every run of empty lines inside an answer broken:
 * each empty line after the first of such a run becomes {@link EMPTY_LINE_SENTINEL}. The parser strips an
 * answer's trailing line breaks with `/[\n]+$/g`, which retries a run of k line breaks from each of its positions
 * (k² steps: 60,000 blank lines took seconds). Runs at the edge of an answer, next to a heading (`isHeading`) or
 * the end, are left alone: the parser trims those in linear time, and must, to still see `_No response_`.
 */
export function breakBlankRuns(lines: readonly string[], isHeading: (index: number) => boolean): string[] {
  const out = [...lines];
  let i = 0;
  while (i < out.length) {
    if (out[i] !== "") {
      i++;
      continue;
    }
    let end = i;
    while (end < out.length && out[end] === "") end++;
    if (i > 0 && !isHeading(i - 1) && end < out.length && !isHeading(end)) {
      for (let k = i + 1; k < end; k++) out[k] = EMPTY_LINE_SENTINEL;
    }
    i = end;
  }
  return out;
}
