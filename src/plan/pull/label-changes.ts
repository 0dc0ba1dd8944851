/** The label writes that make the bot-managed labels of an issue or pull request equal a desired set. */
export interface LabelChanges {
  /** Labels to add, as desired (GitHub ignores any already present). */
  add: string[];
  /** Labels to remove, spelt as they are on the issue. */
  remove: string[];
}

/**
 * What to add and remove so the bot-managed labels equal `desired`, leaving every label the bot does not manage
 * alone. Names compare case-insensitively, as GitHub does: adding `lgtm` to a repository whose label is spelt `LGTM`
 * puts `LGTM` on the issue, which must then count as present (and be removed by its own spelling).
 */
export function labelChanges(current: readonly string[], desired: ReadonlySet<string>, managed: readonly string[]): LabelChanges {
  const have = new Map(current.map((l) => [l.toLowerCase(), l]));
  const want = new Set([...desired].map((l) => l.toLowerCase()));
  const add = [...desired].filter((l) => !have.has(l.toLowerCase()));
  const remove = new Set<string>();
  for (const label of managed) {
    const present = have.get(label.toLowerCase());
    if (present !== undefined && !want.has(label.toLowerCase())) remove.add(present);
  }
  return { add, remove: [...remove] };
}
