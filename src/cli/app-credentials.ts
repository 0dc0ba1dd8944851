import { existsSync } from "node:fs";
import { join } from "node:path";
import { getPrivateKey } from "@probot/get-private-key";

/** The GitHub App's credentials, or what is missing (a message naming the variables, never a value). */
export type AppCredentials = { ok: true; appId: string; privateKey: string } | { ok: false; problem: string };

/**
 * Loads `.env` from `cwd` when it exists (variables already set win, as with Probot), so the commands run from a
 * clone after the set-up page wrote `.env`.
 */
export function loadDotEnv(cwd: string): void {
  const file = join(cwd, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

/**
 * Reads `APP_ID` and the private key the way Probot does: `PRIVATE_KEY` (PEM, with `\n` escapes, or base64),
 * `PRIVATE_KEY_PATH`, or a single `*.pem` file in `cwd`.
 */
export function readAppCredentials(env: NodeJS.ProcessEnv, cwd: string): AppCredentials {
  let privateKey: string | null = null;
  try {
    privateKey = getPrivateKey({ env: { PRIVATE_KEY: env.PRIVATE_KEY, PRIVATE_KEY_PATH: env.PRIVATE_KEY_PATH }, cwd });
  } catch (error) {
    return { ok: false, problem: `the private key cannot be read: ${(error as Error).message.split("\n")[0]}` };
  }
  const appId = env.APP_ID?.trim();
  if (!appId || !privateKey) {
    const missing = [!appId ? "APP_ID" : undefined, !privateKey ? "PRIVATE_KEY (or PRIVATE_KEY_PATH)" : undefined].filter(Boolean);
    return { ok: false, problem: `${missing.join(" and ")} must be set` };
  }
  if (!/^\d+$/.test(appId)) return { ok: false, problem: "APP_ID must be the GitHub App's numeric id" };
  return { ok: true, appId, privateKey };
}
