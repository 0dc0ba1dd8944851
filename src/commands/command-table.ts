/**
 * The one table of slash commands the bot understands. The parser, `/help` and the README's command reference are
 * all generated from it, so the three cannot drift apart.
 */

/** A command verb, lower case and without the leading `/`. */
export type Verb = "lgtm" | "approve" | "hold" | "retest" | "close" | "retry" | "help";

/** Where a command is read: on the onboarding pull request or on the request issue. */
export type CommandPlace = "pull" | "issue";

/** One row of the command table. */
export interface CommandSpec {
  verb: Verb;
  /** `cancel` for the variant that withdraws the verb (`/lgtm cancel`). */
  argument?: "cancel";
  /** Other spellings of the same command, without `/` (`unhold` for `/hold cancel`). */
  aliases: readonly string[];
  where: CommandPlace;
  /** Who may use the command, as prose for `/help` and the README. */
  whoMay: string;
  /** What the command does, as prose for `/help` and the README. */
  description: string;
}

/** Every command, in the order `/help` lists them. */
export const COMMAND_TABLE: readonly CommandSpec[] = Object.freeze([
  {
    verb: "lgtm",
    aliases: [],
    where: "pull",
    whoMay: "reviewers and approvers, except the requester, the pull request's author and the request's owner and members",
    description: "Says the rendered change looks good. Counts only for the tenant content it was given on: reset when the tenant changes.",
  },
  {
    verb: "lgtm",
    argument: "cancel",
    aliases: [],
    where: "pull",
    whoMay: "reviewers and approvers, except the requester, the pull request's author and the request's owner and members",
    description: "Withdraws your `/lgtm`.",
  },
  {
    verb: "approve",
    aliases: [],
    where: "pull",
    whoMay: "approvers, except the requester, the pull request's author and the request's owner and members",
    description:
      "Approves the onboarding. Counts only for the tenant content it was given on: reset when the tenant changes (merging the base branch in keeps it). A GitHub review that approves, given on the bot's commit of that content, counts the same.",
  },
  {
    verb: "approve",
    argument: "cancel",
    aliases: [],
    where: "pull",
    whoMay: "approvers, except the requester, the pull request's author and the request's owner and members",
    description: "Withdraws your approval.",
  },
  {
    verb: "hold",
    aliases: [],
    where: "pull",
    whoMay: "anyone",
    description: "Blocks the merge until the hold is lifted.",
  },
  {
    verb: "hold",
    argument: "cancel",
    aliases: ["unhold"],
    where: "pull",
    whoMay: "the person who placed a hold (their own hold) and approvers (any hold)",
    description: "Lifts a hold, including one placed by a review that requested changes.",
  },
  {
    verb: "retest",
    aliases: [],
    where: "pull",
    whoMay: "approvers and the requester",
    description: "Validates the request again and re-renders the pull request.",
  },
  {
    verb: "close",
    aliases: [],
    where: "pull",
    whoMay: "approvers and the requester",
    description: "Closes the pull request without merging; the request is marked rejected.",
  },
  {
    verb: "help",
    aliases: [],
    where: "pull",
    whoMay: "anyone",
    description: "Lists these commands.",
  },
  {
    verb: "retry",
    aliases: [],
    where: "issue",
    whoMay: "approvers and the requester",
    description: "Runs validation and publishing again.",
  },
  {
    verb: "help",
    aliases: [],
    where: "issue",
    whoMay: "anyone",
    description: "Lists these commands.",
  },
] satisfies CommandSpec[]);

/** What a written command word resolves to. */
export interface CommandWord {
  verb: Verb;
  cancel: boolean;
}

/**
 * Lookup from the normalised text of a command line (lower case, single spaces, no `/`) to what it means:
 * `lgtm`, `lgtm cancel`, `unhold`, ... Built once from {@link COMMAND_TABLE}.
 */
export const COMMAND_WORDS: ReadonlyMap<string, CommandWord> = (() => {
  const words = new Map<string, CommandWord>();
  for (const spec of COMMAND_TABLE) {
    const cancel = spec.argument === "cancel";
    words.set(cancel ? `${spec.verb} cancel` : spec.verb, { verb: spec.verb, cancel });
    for (const alias of spec.aliases) words.set(alias, { verb: spec.verb, cancel });
  }
  return words;
})();

/** The table row for a command used in a place, or `undefined` when the command does not work there. */
export function findCommand(verb: Verb, cancel: boolean, where: CommandPlace): CommandSpec | undefined {
  return COMMAND_TABLE.find((s) => s.verb === verb && (s.argument === "cancel") === cancel && s.where === where);
}

/** The places where a command works (empty for a combination that does not exist, e.g. `/retest cancel`). */
export function placesOf(verb: Verb, cancel: boolean): CommandPlace[] {
  const places = new Set<CommandPlace>();
  for (const s of COMMAND_TABLE) if (s.verb === verb && (s.argument === "cancel") === cancel) places.add(s.where);
  return [...places];
}

/** The command as a person types it: `/hold cancel`. */
export function formatCommand(verb: Verb, cancel: boolean): string {
  return cancel ? `/${verb} cancel` : `/${verb}`;
}

const PLACE_TITLES: Record<CommandPlace, string> = {
  pull: "On the onboarding pull request",
  issue: "On the request issue",
};

const helpCache = new Map<CommandPlace, string>();

/**
 * The commands that work in one place, as a markdown table (Command | Who may use it | What it does).
 * The table is static text, rendered once per place and cached.
 */
export function renderHelp(where: CommandPlace): string {
  const cached = helpCache.get(where);
  if (cached !== undefined) return cached;
  const rows = COMMAND_TABLE.filter((s) => s.where === where).map((s) => {
    const aliases = s.aliases.map((a) => ` (alias \`/${a}\`)`).join("");
    return `| \`${formatCommand(s.verb, s.argument === "cancel")}\`${aliases} | ${s.whoMay} | ${s.description} |`;
  });
  const table = ["| Command | Who may use it | What it does |", "|---|---|---|", ...rows].join("\n");
  helpCache.set(where, table);
  return table;
}

/**
 * The command reference for the README: one section per place, each with its {@link renderHelp} table, followed
 * by how commands are read.
 * @param headingLevel markdown heading level of the section titles (default 3: `###`).
 */
export function renderCommandReference(headingLevel = 3): string {
  const level = Math.min(6, Math.max(1, Math.trunc(headingLevel)));
  const hashes = "#".repeat(level);
  const sections = (["pull", "issue"] as const).map((where) => `${hashes} ${PLACE_TITLES[where]}\n\n${renderHelp(where)}`);
  const rules = [
    "A command is a line of its own: `/lgtm looks great` is not a command, `/lgtm` on its own line is.",
    "Commands are case-insensitive and one comment may hold several; they are applied in order.",
    "Commands are read as GitHub shows them: only plain lines of top-level paragraphs count; quotes, list items, code of any kind (also inside lists and quotes), tables, headings and HTML are never read as commands.",
    "Commands from bots are ignored. A refused command gets a one-line reply saying why.",
    "Only comments as they were created and never edited grant anything. Every version of an edited comment (from GitHub's edit history) can still withhold (`/hold`, `/lgtm cancel`, `/approve cancel`): an edit never lifts a hold or undoes a cancel, and gets no reply.",
  ]
    .map((line) => `- ${line}`)
    .join("\n");
  return `${sections.join("\n\n")}\n\n${rules}\n`;
}
