/** A repository on GitHub. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** An issue or pull request: a repository and a number. */
export interface IssueRef extends RepoRef {
  number: number;
}

/** Splits `owner/name` into a {@link RepoRef}; the caller validated the syntax (config schema). */
export function parseFullName(fullName: string): RepoRef {
  const slash = fullName.indexOf("/");
  return { owner: fullName.slice(0, slash), repo: fullName.slice(slash + 1) };
}

/** `owner/repo` of a {@link RepoRef}. */
export function fullName(ref: RepoRef): string {
  return `${ref.owner}/${ref.repo}`;
}

/** `owner/repo#n`: the key under which work for one request is serialised and logged. */
export function issueKey(ref: IssueRef): string {
  return `${ref.owner}/${ref.repo}#${ref.number}`;
}

/** Case-insensitive repository equality, as GitHub compares owner and repository names. */
export function sameRepo(a: RepoRef, b: RepoRef): boolean {
  return a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
}
