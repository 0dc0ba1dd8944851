import { parseDocument } from "yaml";
import { isGithubLogin, loginKey } from "./github-login.js";

/** The approvers and reviewers a Prow-style OWNERS file lists, as written (case kept). */
export interface OwnersFile {
  approvers: string[];
  reviewers: string[];
}

/** Who may do what on one onboarding pull request. Every login is lower case; compare with {@link loginKey}. */
export interface Roles {
  approvers: ReadonlySet<string>;
  reviewers: ReadonlySet<string>;
  /** The person who opened the request issue. */
  requester: string;
  /** The author of the onboarding pull request (normally the app's bot account). */
  prAuthor: string;
  /**
   * People who gain access through the request (its owner and members), lower case: they may not `/lgtm` or
   * `/approve` it, whatever else they are (an approver filing for themselves from a second account included).
   */
  beneficiaries?: ReadonlySet<string>;
}

/** Inputs of {@link buildRoles}; team membership is resolved by the caller and passed in as logins. */
export interface BuildRolesInput {
  /** `approvers.users` from the configuration. */
  configApprovers: readonly string[];
  /** `approvers.reviewers` from the configuration. */
  configReviewers: readonly string[];
  /** The parsed OWNERS file (`approvers.ownersFile`), read from the GitOps repository's base branch. */
  ownersFile?: OwnersFile;
  /** Members of the `approvers.teams` teams. */
  teamMembers: readonly string[];
  requester: string;
  prAuthor: string;
  /** The request's owner and members: they gain access through it, so they may not approve it. */
  beneficiaries?: readonly string[];
}

/** Largest OWNERS file read; real ones are a few hundred bytes. */
const MAX_OWNERS_BYTES = 256 * 1024;
const OWNERS_LISTS = ["approvers", "reviewers"] as const;

/** A short, quoted rendering of an offending value for an error message. */
function describeValue(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : value === null ? "null" : typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Reads a Prow OWNERS file: a YAML mapping whose `approvers` and `reviewers` are lists of GitHub logins.
 * Other keys (`options`, `labels`, `emeritus_approvers`, `filters`, ...) are ignored, so approvers listed only under
 * `filters` are not picked up. Entries must be logins: `org/team` entries and anything else are refused with an
 * error naming the entry (teams belong in `approvers.teams` of the configuration). OWNERS_ALIASES are not resolved:
 * an alias name that happens to be a well-formed login would be read as that user, so do not use aliases here.
 */
export function parseOwnersFile(text: string): OwnersFile | { error: string } {
  if (typeof text !== "string") return { error: "OWNERS file: expected text" };
  if (text.length > MAX_OWNERS_BYTES) {
    return { error: `OWNERS file: ${text.length} characters is too large (at most ${MAX_OWNERS_BYTES})` };
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError !== undefined) return { error: `OWNERS file is not valid YAML: ${firstError.message}` };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return { error: `OWNERS file could not be read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { error: "OWNERS file must be a YAML mapping with 'approvers' and/or 'reviewers' lists" };
  }
  const result: OwnersFile = { approvers: [], reviewers: [] };
  for (const key of OWNERS_LISTS) {
    const list: unknown = (data as Record<string, unknown>)[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) return { error: `OWNERS file: '${key}' must be a list of GitHub logins` };
    for (const [i, entry] of list.entries()) {
      if (!isGithubLogin(entry)) {
        return {
          error: `OWNERS file: ${key}[${i}] ${describeValue(entry)} is not a GitHub login (teams go in the configuration's approvers.teams)`,
        };
      }
      result[key].push(entry);
    }
  }
  return result;
}

/**
 * Builds the {@link Roles} of one pull request. Approvers are the configured users, the members of the configured
 * teams and the OWNERS file's approvers; reviewers are the configured reviewers and the OWNERS file's reviewers
 * (approvers may review too: authorization checks both sets). Every login is compared case-insensitively.
 */
export function buildRoles(input: BuildRolesInput): Roles {
  const approvers = new Set<string>();
  const reviewers = new Set<string>();
  const add = (set: Set<string>, logins: readonly string[] | undefined): void => {
    for (const login of logins ?? []) {
      const key = typeof login === "string" ? loginKey(login) : "";
      if (key !== "") set.add(key);
    }
  };
  add(approvers, input.configApprovers);
  add(approvers, input.teamMembers);
  add(approvers, input.ownersFile?.approvers);
  add(reviewers, input.configReviewers);
  add(reviewers, input.ownersFile?.reviewers);
  const beneficiaries = new Set<string>();
  add(beneficiaries, input.beneficiaries);
  return { approvers, reviewers, requester: loginKey(input.requester), prAuthor: loginKey(input.prAuthor), beneficiaries };
}
