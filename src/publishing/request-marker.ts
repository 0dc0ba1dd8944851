/** An issue: repository and number (structurally the reader's `IssueRef`; kept local so the pure planners reach no GitHub module). */
type IssueRef = { owner: string; repo: string; number: number };

/**
 * The hidden marker in a pull request body that links it back to its request and records the digest of what the
 * bot rendered. JSON inside an HTML comment; `-->` can never appear in it because the values are validated
 * (repository name syntax, integers, hex digest).
 */
export interface RequestMarker {
  owner: string;
  repo: string;
  number: number;
  digest: string;
}

const PREFIX = "<!-- onboarding-bot:request ";
const SUFFIX = " -->";
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
const DIGEST = /^[0-9a-f]{1,64}$/;

/** The marker when every value has the expected syntax (so none can contain `-->`), else undefined. */
function checkMarker(value: Record<string, unknown>): RequestMarker | undefined {
  const { owner, repo, number, digest } = value;
  if (typeof owner !== "string" || !NAME.test(owner)) return undefined;
  if (typeof repo !== "string" || !NAME.test(repo)) return undefined;
  if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1) return undefined;
  if (typeof digest !== "string" || !DIGEST.test(digest)) return undefined;
  return { owner, repo, number, digest };
}

/** Renders the marker line; throws on a value that would not parse back (it could otherwise close the comment). */
export function renderRequestMarker(marker: RequestMarker): string {
  const checked = checkMarker({ ...marker });
  if (!checked) {
    throw new Error("renderRequestMarker: owner/repo must be GitHub names, number a positive integer and digest lower-case hex");
  }
  return `${PREFIX}${JSON.stringify(checked)}${SUFFIX}`;
}

/** Finds and checks the marker in a pull request body; undefined when absent or malformed. */
export function parseRequestMarker(body: string | null | undefined): RequestMarker | undefined {
  if (!body) return undefined;
  const start = body.indexOf(PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(SUFFIX, start + PREFIX.length);
  if (end < 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.slice(start + PREFIX.length, end));
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    return checkMarker(value as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/**
 * Whether the marker in a pull request body names `ref`: the same issue number, owner and repository compared as
 * GitHub compares names (ignoring case). A pull request found by a request's branch is that request's only then.
 */
export function markerNamesRequest(body: string | null | undefined, ref: IssueRef): boolean {
  const named = requestOfPull(body);
  return (
    named !== undefined &&
    named.number === ref.number &&
    named.owner.toLowerCase() === ref.owner.toLowerCase() &&
    named.repo.toLowerCase() === ref.repo.toLowerCase()
  );
}

/** The request an onboarding pull request belongs to, from its marker. */
export function requestOfPull(body: string | null | undefined): IssueRef | undefined {
  const marker = parseRequestMarker(body);
  return marker ? { owner: marker.owner, repo: marker.repo, number: marker.number } : undefined;
}
