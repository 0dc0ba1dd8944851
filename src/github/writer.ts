import { githubMessage, statusOf, type Octokit } from "./octokit.js";
import { fullName, sameRepo, type IssueRef, type RepoRef } from "./repo-ref.js";
import type { FileChange } from "../types.js";
import { resolveMarkedRace, type MergeBodies, type RaceBatch } from "./marked-races.js";
import { actDocument, readActResult, type ActResult, type ActStep, type GraphqlErrorEntry } from "./act/act-document.js";

/**
 * The one module that writes to GitHub. Every mutation the app makes goes through a {@link Writer}, which:
 * - treats GitHub's "already exists" / "already gone" answers as success, so every write is safe to repeat
 *   (redelivered webhooks, several replicas, the reconciliation sweep);
 * - enforces dry-run: with `dryRun`, any write to the GitOps repository throws {@link DryRunViolation} before a
 *   request is sent. The check lives here, in one place, not in `if` statements spread through the pipeline.
 */

/** Thrown when something tries to write to the GitOps repository while the app runs in dry-run mode: a bug. */
export class DryRunViolation extends Error {
  constructor(operation: string, repo: RepoRef) {
    super(`writer: refused ${operation} on ${fullName(repo)}: the app runs in dry-run mode and never writes to the GitOps repository`);
    this.name = "DryRunViolation";
  }
}

export interface WriterOptions {
  /** The GitOps repository: protected by dry-run. Absent when none is known (the configuration did not load). */
  gitopsRepo?: RepoRef;
  dryRun: boolean;
  /**
   * The request issue: its comments, labels and state stay writable in dry-run even when requests are filed in
   * the GitOps repository itself, so the status comment can show the diff.
   */
  allowIssue?: IssueRef;
  /**
   * When given, a marked comment's race (see `marked-races.ts`) is not settled right after its create but recorded
   * here, to be settled with the run's other new marked comments in one listing (`RaceBatch.settle`); the id
   * `createComment` returns is then the created comment's own until then.
   */
  races?: RaceBatch;
  /**
   * How a marked comment that lost its race merges into the one that won (see `marked-races.ts`): by default the
   * winner takes the loser's body. The request's writer merges the ledgers of two status comments, so neither
   * writer's record of a commit is lost.
   */
  mergeOnRace?: MergeBodies;
}

export type MergeResult = { merged: true; sha: string } | { merged: false; reason: "head-moved" | "not-mergeable"; message: string };

/** Creates the writer for one event's Octokit. */
export function createWriter(octokit: Octokit, options: WriterOptions) {
  /**
   * Throws before any request when a dry run would write to the GitOps repository. Only issue-scoped writes
   * (`issue` given: comments, labels, state, reactions) on the allowed request issue pass; repository-level writes
   * (trees, commits, refs, pull requests) never do, even when handed an object that happens to carry a `number`.
   */
  const guard = (operation: string, repo: RepoRef, issue?: IssueRef): void => {
    if (!options.dryRun || !options.gitopsRepo || !sameRepo(repo, options.gitopsRepo)) return;
    const allowed = options.allowIssue;
    if (issue && allowed && issue.number === allowed.number && sameRepo(issue, allowed)) return;
    throw new DryRunViolation(operation, repo);
  };
  const issueParams = (ref: IssueRef) => ({ owner: ref.owner, repo: ref.repo, issue_number: ref.number });

  return {
    /**
     * Posts a new comment; returns its id. A comment that starts with one of the bot's markers (status, pr-status,
     * reply to comment N) is one per issue: when another replica posted the same marker concurrently, the oldest
     * comment wins and this one is deleted (see `marked-races.ts`); the id returned is the survivor's (with
     * `races`, settled later: the created comment's own).
     */
    async createComment(ref: IssueRef, body: string): Promise<number> {
      guard("createComment", ref, ref);
      const { data } = await octokit.rest.issues.createComment({ ...issueParams(ref), body });
      const key = markerKey(body);
      if (key === undefined || !data.user?.login) return data.id;
      const created = { id: data.id, login: data.user.login, body };
      if (options.races) {
        options.races.defer(octokit, ref, created, key, options.mergeOnRace);
        return data.id;
      }
      return (await resolveMarkedRace(octokit, ref, created, key, options.mergeOnRace)).id;
    },

    /** Replaces the body of an existing comment. */
    async updateComment(ref: IssueRef, commentId: number, body: string): Promise<void> {
      guard("updateComment", ref, ref);
      await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, body });
    },

    /** Deletes a comment; one that is already gone is success. */
    async deleteComment(ref: IssueRef, commentId: number): Promise<void> {
      guard("deleteComment", ref, ref);
      try {
        await octokit.rest.issues.deleteComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },

    /** Adds labels (GitHub ignores labels already present). */
    async addLabels(ref: IssueRef, labels: string[]): Promise<void> {
      if (labels.length === 0) return;
      guard("addLabels", ref, ref);
      await octokit.rest.issues.addLabels({ ...issueParams(ref), labels });
    },

    /** Removes a label; a label that is already gone is success. */
    async removeLabel(ref: IssueRef, label: string): Promise<void> {
      guard("removeLabel", ref, ref);
      try {
        await octokit.rest.issues.removeLabel({ ...issueParams(ref), name: label });
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },

    /** Opens or closes an issue (or the issue side of a pull request). */
    async setIssueState(ref: IssueRef, state: "open" | "closed", reason?: "completed" | "not_planned" | "reopened"): Promise<void> {
      guard("setIssueState", ref, ref);
      await octokit.rest.issues.update({ ...issueParams(ref), state, ...(reason ? { state_reason: reason } : {}) });
    },

    /** Acknowledges a comment on issue or pull request `ref` with a reaction (GitHub answers 200 when it already exists). */
    async addReaction(ref: IssueRef, commentId: number, content: "+1" | "-1" | "eyes" | "confused"): Promise<void> {
      guard("addReaction", ref, ref);
      await octokit.rest.reactions.createForIssueComment({ owner: ref.owner, repo: ref.repo, comment_id: commentId, content });
    },

    /**
     * The tree GitHub would hold for `baseTree` with `files` written and `deletions` removed (content inline: no blob
     * round trips). Creating a tree moves no ref and changes nothing visible: tree ids are content hashes, so this is
     * how the bot learns the exact tree of its own rendering, to recognise a head that is exactly that.
     */
    async createTree(repo: RepoRef, baseTree: string, files: readonly FileChange[], deletions: readonly string[] = []): Promise<string> {
      guard("createTree", repo);
      const { data } = await octokit.rest.git.createTree({
        owner: repo.owner,
        repo: repo.repo,
        base_tree: baseTree,
        tree: [
          ...files.map((f) => ({ path: f.path, mode: "100644" as const, type: "blob" as const, content: f.content })),
          ...deletions.map((path) => ({ path, mode: "100644" as const, type: "blob" as const, sha: null })),
        ],
      });
      return data.sha;
    },

    /**
     * Runs the act step's branch, commit and pull request writes as ONE GraphQL mutation document (see
     * `act/act-document.ts`); `repositoryId` is the node id of `repo` (or how to read it, only once the write is
     * allowed). Refused in dry-run like every other write to the GitOps repository, before any request. Steps GitHub
     * refused are reported in the result, not thrown: the caller re-reads and converges. Anything else (HTTP errors,
     * a malformed answer) throws.
     */
    async act(repo: RepoRef, repositoryId: string | (() => Promise<string>), steps: readonly ActStep[]): Promise<ActResult> {
      guard(`act(${steps.map((s) => s.kind).join(", ")})`, repo);
      const id = typeof repositoryId === "string" ? repositoryId : await repositoryId();
      const { query, variables } = actDocument(steps, { nameWithOwner: fullName(repo), id });
      try {
        const data = await octokit.graphql<Record<string, unknown>>(query, variables);
        return readActResult(steps, data, []);
      } catch (error) {
        if (!isGraphqlResponseError(error)) throw error;
        return readActResult(steps, error.data, error.errors);
      }
    },

    /** Deletes a branch; a branch that is already gone is success. */
    async deleteBranch(repo: RepoRef, branch: string): Promise<void> {
      guard("deleteBranch", repo);
      try {
        await octokit.rest.git.deleteRef({ owner: repo.owner, repo: repo.repo, ref: `heads/${branch}` });
      } catch (error) {
        const status = statusOf(error);
        if (status !== 404 && status !== 422) throw error;
      }
    },

    /** Updates title, body or state of a pull request; returns when GitHub says it was closed (null while open). */
    async updatePull(
      repo: RepoRef,
      number: number,
      patch: { title?: string; body?: string; state?: "open" | "closed" },
    ): Promise<{ closedAt: string | null }> {
      guard("updatePull", repo);
      const { data } = await octokit.rest.pulls.update({ owner: repo.owner, repo: repo.repo, pull_number: number, ...patch });
      return { closedAt: data?.closed_at ?? null };
    },

    /** Asks for reviews; GitHub refuses reviewers who cannot review (e.g. the author): that is not an error here. */
    async requestReviewers(repo: RepoRef, number: number, reviewers: string[], teamReviewers: string[]): Promise<void> {
      if (reviewers.length === 0 && teamReviewers.length === 0) return;
      guard("requestReviewers", repo);
      try {
        await octokit.rest.pulls.requestReviewers({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
          reviewers,
          team_reviewers: teamReviewers,
        });
      } catch (error) {
        if (statusOf(error) !== 422) throw error;
      }
    },

    /** Merges at exactly `sha`: if the head moved since the decision was made, GitHub refuses and nothing merges. */
    async mergePull(repo: RepoRef, number: number, sha: string, method: "merge" | "squash" | "rebase", title: string): Promise<MergeResult> {
      guard("mergePull", repo);
      try {
        const { data } = await octokit.rest.pulls.merge({
          owner: repo.owner,
          repo: repo.repo,
          pull_number: number,
          sha,
          merge_method: method,
          commit_title: title,
        });
        return { merged: true, sha: data.sha };
      } catch (error) {
        const status = statusOf(error);
        if (status === 409) return { merged: false, reason: "head-moved", message: githubMessage(error) };
        if (status === 405) return { merged: false, reason: "not-mergeable", message: githubMessage(error) };
        throw error;
      }
    },
  };
}

/** Octokit's `GraphqlResponseError`: GitHub answered 200 with `errors`, next to the data of the fields that worked. */
function isGraphqlResponseError(error: unknown): error is { errors: GraphqlErrorEntry[]; data: Record<string, unknown> | null } {
  return error instanceof Error && error.name === "GraphqlResponseError" && Array.isArray((error as { errors?: unknown }).errors);
}

/** The writer for one event. */
export type Writer = ReturnType<typeof createWriter>;

/**
 * The identity of a marked bot comment: `<!-- onboarding-bot:status`, `<!-- onboarding-bot:pr-status`,
 * `<!-- onboarding-bot:reply 123` (the marker name, plus the answered comment's id for replies). Comments with the
 * same key must exist once per issue. `undefined` for a body that does not start with a marker.
 */
export function markerKey(body: string): string | undefined {
  return /^<!-- onboarding-bot:[a-z0-9][a-z0-9:-]{0,63}(?: \d{1,20})?(?= )/.exec(body)?.[0];
}

