import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under `dir` (skipping `onboarding-bot.yml`, which configures the fixture), by repository path. */
export function readTree(dir: string, skip: ReadonlySet<string> = new Set(["onboarding-bot.yml"])): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = join(current, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const path = relative(dir, full).split("\\").join("/");
        if (!skip.has(path)) files[path] = readFileSync(full, "utf8");
      }
    }
  };
  walk(dir);
  return files;
}

export const OPF_FIXTURE = new URL("../fixtures/gitops-opf/", import.meta.url).pathname;
