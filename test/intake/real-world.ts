import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Operate First's public files in `shared/real-world/` next to the checkout (`../shared` from the main checkout,
 * `../../shared` from a worktree under `wt/`), or `REAL_WORLD_DIR`. CI has them; elsewhere the tests that need
 * them are skipped with {@link REAL_WORLD_SKIP} as the reason.
 */
function locate(): string | undefined {
  const fromEnv = process.env.REAL_WORLD_DIR;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const root = resolve(fileURLToPath(new URL("../../", import.meta.url)));
  return ["../shared/real-world", "../../shared/real-world"].map((p) => resolve(root, p)).find((p) => existsSync(p));
}

export const REAL_WORLD_DIR = locate();

/** Why real-world tests are skipped, shown by the test runner. */
export const REAL_WORLD_SKIP = "skipped: ../shared/real-world (Operate First's forms and repository snapshot) is not present; set REAL_WORLD_DIR to run these";

/** Operate First's onboarding issue form (operate-first/support at d2dc1a2). */
export function operateFirstForm(): string {
  if (!REAL_WORLD_DIR) throw new Error(REAL_WORLD_SKIP);
  return readFileSync(join(REAL_WORLD_DIR, "operate-first-support-d2dc1a2-4_onboarding_to_cluster.yaml"), "utf8");
}

/** Unpacks the snapshot of operate-first/apps' cluster-scope/ into a new temporary directory; returns it and a cleanup. */
export function unpackOperateFirstApps(): { dir: string; cleanup: () => void } {
  if (!REAL_WORLD_DIR) throw new Error(REAL_WORLD_SKIP);
  const dir = mkdtempSync(join(tmpdir(), "opf-apps-"));
  execFileSync("tar", ["-xzf", join(REAL_WORLD_DIR, "operate-first-apps-0b063ae5-cluster-scope.tar.gz"), "-C", dir]);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
