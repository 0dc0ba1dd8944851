import { z } from "zod";

/** zod schemas of GitHub's answer to the observe document (only the fields it asks for). */

const actor = z.object({ login: z.string(), __typename: z.string() }).nullable();

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

const labels = z.object({ totalCount: z.number().int(), nodes: z.array(z.object({ name: z.string() })) });

const comment = z.object({
  databaseId: z.number().int(),
  id: z.string(),
  body: z.string(),
  author: actor,
  createdAt: z.string(),
  updatedAt: z.string(),
  lastEditedAt: z.string().nullable(),
  includesCreatedEdit: z.boolean(),
  url: z.string(),
});

const comments = z.object({ totalCount: z.number().int(), pageInfo, nodes: z.array(comment) });

const review = z.object({
  databaseId: z.number().int(),
  state: z.enum(["PENDING", "COMMENTED", "APPROVED", "CHANGES_REQUESTED", "DISMISSED"]),
  author: actor,
  submittedAt: z.string().nullable(),
  commit: z.object({ oid: z.string() }).nullable(),
});

/** `Repository.issue` with its labels and comments. */
export const issueSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  body: z.string(),
  state: z.enum(["OPEN", "CLOSED"]),
  stateReason: z.string().nullable(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  url: z.string(),
  author: actor,
  labels,
  comments,
});

/** `object(expression:)` of the configuration: a Blob, another object where a file was expected, or null. */
export const configSchema = z
  .object({ __typename: z.string(), oid: z.string(), text: z.string().nullable().optional(), isTruncated: z.boolean().optional() })
  .nullable();

/** One `Commit.file(path:)`: a TreeEntry, or null when the path does not exist. */
export const fileSchema = z
  .object({
    type: z.enum(["blob", "tree", "commit"]),
    oid: z.string(),
    object: z
      .object({
        __typename: z.string(),
        text: z.string().nullable().optional(),
        isTruncated: z.boolean().optional(),
        isBinary: z.boolean().nullable().optional(),
        entries: z.array(z.object({ name: z.string(), type: z.enum(["blob", "tree", "commit"]), oid: z.string().optional() })).nullable().optional(),
      })
      .nullable(),
  })
  .nullable();

/** A `PullRequest` of the request's branch. */
export const pullRequestSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  url: z.string(),
  closedAt: z.string().nullable(),
  state: z.enum(["OPEN", "CLOSED", "MERGED"]),
  merged: z.boolean(),
  mergeable: z.enum(["MERGEABLE", "CONFLICTING", "UNKNOWN"]),
  isCrossRepository: z.boolean(),
  headRefName: z.string(),
  headRefOid: z.string(),
  baseRefName: z.string(),
  body: z.string(),
  author: actor,
  labels,
  reviews: z.object({ totalCount: z.number().int(), pageInfo, nodes: z.array(review) }),
  comments,
});

/** The fixed part of the answer; the aliased `f<i>` files and `u<i>` users are checked one by one. */
export const observeResponseSchema = z.object({
  rateLimit: z.looseObject({ cost: z.number(), remaining: z.number() }),
  support: z.object({
    id: z.string(),
    issue: issueSchema,
    config: configSchema,
    openRequests: z.object({ totalCount: z.number().int(), nodes: z.array(z.object({ number: z.number().int() })) }).optional(),
  }),
  /** Absent when only the support side was asked for (scope `support`). */
  gitops: z.object({
    id: z.string(),
    base: z
      .object({
        target: z.looseObject({
          __typename: z.string(),
          oid: z.string(),
          tree: z
            .object({ oid: z.string(), entries: z.array(z.object({ name: z.string(), type: z.enum(["blob", "tree", "commit"]), oid: z.string() })).nullable().optional() })
            .optional(),
        }),
      })
      .nullable(),
    head: z.object({ target: z.object({ oid: z.string() }) }).nullable(),
    pullRequests: z.object({ totalCount: z.number().int(), nodes: z.array(pullRequestSchema) }),
  }).optional(),
});

/**
 * `organization { team { members } }`: null when the organization could not be read (the error is tolerated), a null
 * team when it has no such team.
 */
export const teamSchema = z
  .object({ team: z.object({ members: z.object({ totalCount: z.number().int(), nodes: z.array(z.object({ login: z.string() })) }) }).nullable() })
  .nullable();

/** `user(login:)`: null when GitHub has no user by that login (answered with a NOT_FOUND error). */
export const userSchema = z.object({ login: z.string(), __typename: z.string() }).nullable();

/** A comment as GitHub sent it. */
export type CommentData = z.infer<typeof comment>;
/** A review as GitHub sent it. */
export type ReviewData = z.infer<typeof review>;
