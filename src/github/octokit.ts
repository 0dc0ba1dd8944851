import type { ProbotOctokit } from "probot";

/** The authenticated Octokit the app gets from Probot for one installation. */
export type Octokit = InstanceType<typeof ProbotOctokit>;

/** The HTTP status of an Octokit `RequestError`, or undefined for anything else (network errors, bugs). */
export function statusOf(error: unknown): number | undefined {
  if (typeof error === "object" && error !== null && "status" in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === "number" ? status : undefined;
  }
  return undefined;
}

/** GitHub's error message of a `RequestError` (`response.data.message`), for matching "already exists" answers. */
export function githubMessage(error: unknown): string {
  const data = (error as { response?: { data?: { message?: unknown; errors?: unknown } } })?.response?.data;
  const parts: string[] = [];
  if (typeof data?.message === "string") parts.push(data.message);
  if (Array.isArray(data?.errors)) {
    for (const e of data.errors) {
      if (typeof e === "string") parts.push(e);
      else if (e && typeof (e as { message?: unknown }).message === "string") parts.push((e as { message: string }).message);
    }
  }
  return parts.join("; ");
}
