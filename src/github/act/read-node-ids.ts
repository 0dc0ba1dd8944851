import type { Octokit } from "../octokit.js";
import type { RepoRef } from "../repo-ref.js";

/**
 * The node ids the act step's mutations name a repository and a pull request by, for a caller that did not observe
 * them (the observe step reads both in its one query, so a run that passes them makes no call here). One GraphQL
 * query; nothing is cached across runs, so an id never outlives the run that read it.
 */
export async function readNodeIds(octokit: Octokit, repo: RepoRef, pullNumber?: number): Promise<{ repositoryId: string; pullId?: string }> {
  const withPull = pullNumber !== undefined;
  const data = await octokit.graphql<{ repository: { id: string; pullRequest?: { id: string } | null } | null }>(
    `query NodeIds($owner: String!, $name: String!, $number: Int!, $withPull: Boolean!) {
  repository(owner: $owner, name: $name) { id pullRequest(number: $number) @include(if: $withPull) { id } }
}`,
    { owner: repo.owner, name: repo.repo, number: pullNumber ?? 0, withPull },
  );
  if (!data.repository) throw new Error(`act: GitHub did not answer the node id of ${repo.owner}/${repo.repo}`);
  const pullId = data.repository.pullRequest?.id;
  if (withPull && pullId === undefined) throw new Error(`act: GitHub did not answer the node id of pull request #${pullNumber} in ${repo.owner}/${repo.repo}`);
  return pullId === undefined ? { repositoryId: data.repository.id } : { repositoryId: data.repository.id, pullId };
}
