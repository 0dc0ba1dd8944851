/** Length of the longest run of backticks in `text`. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}

/**
 * Wraps text in a Markdown code fence longer than any run of backticks inside it, so file contents or user text
 * can never close the fence early and inject Markdown.
 */
export function codeFence(text: string, info = ""): string {
  const fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${fence}${info}\n${text.endsWith("\n") ? text : `${text}\n`}${fence}`;
}

/**
 * Inline code for a value already known to be plain (validated names, logins, paths). Should a backtick slip in,
 * the delimiter is one longer than its longest backtick run, so the value still cannot end the span early.
 */
export function inlineCode(text: string): string {
  const longest = longestBacktickRun(text);
  if (longest === 0) return `\`${text}\``;
  const delimiter = "`".repeat(longest + 1);
  return `${delimiter} ${text} ${delimiter}`;
}
