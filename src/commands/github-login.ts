/** A GitHub user login: letters, digits and single inner hyphens, at most 39 characters. */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** Whether a value is a well-formed GitHub user login (bot logins such as `app[bot]` are not). */
export function isGithubLogin(value: unknown): value is string {
  return typeof value === "string" && GITHUB_LOGIN.test(value);
}

/** The key logins are compared by everywhere: trimmed, without a leading `@`, lower case. */
export function loginKey(login: string): string {
  const trimmed = login.trim();
  return (trimmed.startsWith("@") ? trimmed.slice(1) : trimmed).toLowerCase();
}

/**
 * A login for markdown the bot writes: inside a code span, so it cannot ping anyone or inject markup. A value that is
 * not a well-formed login is never echoed; `(unknown user)` stands in for it.
 */
export function codeLogin(login: string): string {
  return isGithubLogin(login) ? `\`${login}\`` : "`(unknown user)`";
}

/** A login as an @mention for prose the bot writes; a value that is not a well-formed login becomes `an unknown user`. */
export function mentionLogin(login: string): string {
  return isGithubLogin(login) ? `@${login}` : "an unknown user";
}
