/**
 * How many GitHub calls one fan-out (user look-ups, blob reads, tree reads) may have in flight. A module of its own so
 * that `base-tree.ts` does not import `reader.ts`, which imports `tree-walk.ts`, which imports `base-tree.ts`: that
 * cycle left `TREES_PER_QUERY` uninitialised when a process loaded `base-tree.ts` first.
 */
export const FAN_OUT_LIMIT = 8;
