import { randomUUID } from "node:crypto";
import { GitStore } from "./git-store.js";
import type { SimEvent } from "./types.js";

/** The login of the app's bot user: the actor of every request made with an installation token. */
export const BOT_LOGIN = "onboarding-bot[bot]";
/** The core rate limit every bucket starts with. */
export const RATE_LIMIT = 5000;
/** The app's slug. */
export const APP_SLUG = "onboarding-bot";

/** A user, bot or organization account. */
export interface UserRecord {
  id: number;
  login: string;
  type: "User" | "Bot" | "Organization";
}

/** An installation of the app on an account. */
export interface InstallationRecord {
  id: number;
  account: string;
  created_at: string;
}

/** A repository label. */
export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A reaction by a user. */
export interface ReactionRecord {
  id: number;
  user: string;
  content: string;
  created_at: string;
}

/**
 * One revision in the edit history of a comment or an issue/pull request body, as GitHub keeps it (GraphQL's
 * `UserContentEdit`): the full text of that revision, who made it and when. A body that was never edited has no
 * history; the first edit records two revisions, the text as created (by the author, at creation time) and the new
 * text. A revision deleted from the history keeps its dates but loses its text.
 */
export interface ContentEditRecord {
  id: number;
  /** The full text of this revision; `null` once the revision was deleted from the history. */
  body: string | null;
  editor: string;
  editedAt: string;
  updatedAt: string;
  deletedAt: string | null;
  deletedBy: string | null;
}

/** An issue comment (also on pull requests). */
export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
  reactions: ReactionRecord[];
  /** Revisions of the body, oldest first; empty until the first edit (see {@link ContentEditRecord}). */
  edits: ContentEditRecord[];
}

/** A pull request review. */
export interface ReviewRecord {
  id: number;
  user: string;
  body: string;
  state: "APPROVED" | "CHANGES_REQUESTED" | "COMMENTED" | "PENDING" | "DISMISSED";
  commit_id: string;
  submitted_at: string | null;
}

/** The pull-request half of an issue record. */
export interface PullRecord {
  headRef: string;
  /** Head commit; follows the head branch while open, frozen once closed. */
  headSha: string;
  baseRef: string;
  /** Base branch tip; follows the base branch while open, frozen once closed. */
  baseSha: string;
  merged: boolean;
  merged_at: string | null;
  merged_by: string | null;
  merge_commit_sha: string | null;
  /** Set by `setMergeable`; when `undefined` mergeability is computed from the trees. */
  mergeableOverride?: boolean | null;
  requested_reviewers: string[];
  requested_teams: string[];
  reviews: ReviewRecord[];
  draft: boolean;
}

/** An issue or (when `pull` is set) a pull request. */
export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  assignees: string[];
  locked: boolean;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  reactions: ReactionRecord[];
  /** Revisions of the body, oldest first; empty until the first edit (see {@link ContentEditRecord}). */
  edits: ContentEditRecord[];
  pull?: PullRecord;
}

/** A repository with its git data, issues and pull requests. */
export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  installationId?: number;
  git: GitStore;
  /** Full ref name (`refs/heads/main`) -> commit sha. */
  refs: Map<string, string>;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  /** Lower-case label name -> label. */
  labels: Map<string, LabelRecord>;
  nextNumber: number;
  created_at: string;
  pushed_at: string;
}

/** A team of an organization. */
export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  members: string[];
}

/** Who performs an action: a login (a person or the bot). */
export type Actor = string;

/** Thrown by domain operations and handlers; the server answers it in GitHub's error JSON shape. */
export class ApiError extends Error {
  readonly status: number;
  readonly errors?: unknown[];
  readonly headers?: Record<string, string>;
  constructor(status: number, message: string, errors?: unknown[], headers?: Record<string, string>) {
    super(message);
    this.status = status;
    if (errors) this.errors = errors;
    if (headers) this.headers = headers;
  }
}

/** The whole simulated GitHub: accounts, installations, repositories, tokens and the webhook queue. */
export class SimState {
  /** Base URL of the simulator's API (for `url` fields). */
  apiUrl = "http://127.0.0.1";
  /** The app id seen in the last app JWT (`iss`). */
  appId = 1;
  readonly users = new Map<string, UserRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly repos = new Map<string, RepoRecord>();
  readonly teams = new Map<string, TeamRecord>();
  readonly tokens = new Map<string, { installationId: number; expiresAt: number }>();
  readonly events: SimEvent[] = [];
  /** Requests counted against each rate-limit bucket (installation id as a string, or `app`). */
  readonly rateUsed = new Map<string, number>();
  /** When the rate-limit window resets (epoch seconds). */
  readonly rateReset = Math.floor(Date.now() / 1000) + 3600;
  #nextId = 1000;

  constructor() {
    this.users.set(BOT_LOGIN.toLowerCase(), { id: 900_001, login: BOT_LOGIN, type: "Bot" });
  }

  /** A fresh id, unique across every kind of object. */
  nextId(): number {
    return this.#nextId++;
  }

  #lastSecond = 0;

  /**
   * The current time as GitHub formats it (ISO 8601, no milliseconds), strictly increasing by at least a second per
   * call: a test acts faster than any person, and GitHub's whole-second times would otherwise tie where, in real
   * life, a person's comment always comes seconds after the content they saw (the approval gate treats a tie as
   * "before", which is the safe reading).
   */
  now(): string {
    const second = Math.max(Math.floor(Date.now() / 1000), this.#lastSecond + 1);
    this.#lastSecond = second;
    return new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** The account with this login, case-insensitively. */
  user(login: string): UserRecord | undefined {
    return this.users.get(login.toLowerCase());
  }

  /** The account with this login, created as a `User` (or `type`) when unknown. */
  ensureUser(login: string, type: UserRecord["type"] = "User"): UserRecord {
    const existing = this.user(login);
    if (existing) return existing;
    const created: UserRecord = { id: this.nextId(), login, type };
    this.users.set(login.toLowerCase(), created);
    return created;
  }

  /** The repository `owner/name`, case-insensitively. */
  repo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** The repository `owner/name`, or an Error naming it (for seeding and person actions). */
  requireRepo(fullName: string): RepoRecord {
    const repo = this.repo(fullName);
    if (!repo) throw new Error(`simulator: unknown repository '${fullName}'; seed it with addRepo() first`);
    return repo;
  }

  /** Queues a webhook delivery. */
  emit(name: string, payload: Record<string, unknown>): void {
    this.events.push({ id: randomUUID(), name, payload });
  }
}
