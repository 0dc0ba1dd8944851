/**
 * Writes the documentation generated from the configuration schema (`npm run schemas`):
 * - `schemas/config.schema.json`, the JSON Schema of `.github/onboarding-bot.yml`;
 * - `schemas/onboarding-request.schema.json` and `schemas/change-<kind>.schema.json`, the JSON Schemas of the
 *   requests people write, from their zod schemas (src/validation/schema-files.ts);
 * - the configuration reference in README.md, between `<!-- config-reference:start -->` and
 *   `<!-- config-reference:end -->` (README.md is created with just a title and the markers when it is missing).
 * - the slash-command reference in README.md, between `<!-- command-reference:start -->` and
 *   `<!-- command-reference:end -->`, from the same table the bot answers `/help` with.
 * `test/docs/*.test.ts` and `test/validation/schema-files.test.ts` fail when the committed files differ from what this writes.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CONFIG_REFERENCE_SECTION,
  CONFIG_SCHEMA_PATH,
  README_PATH,
  renderConfigJsonSchema,
  renderConfigReference,
  replaceMarkedSection,
} from "../src/config/config-reference.js";
import { renderCommandReference } from "../src/commands/command-table.js";
import { requestSchemaFiles } from "../src/validation/schema-files.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function writeIfChanged(path: string, content: string): void {
  const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  if (current === content) {
    process.stdout.write(`unchanged ${path}\n`);
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  process.stdout.write(`wrote ${path}\n`);
}

const schemaPath = join(root, CONFIG_SCHEMA_PATH);
writeIfChanged(schemaPath, renderConfigJsonSchema());
for (const file of requestSchemaFiles()) writeIfChanged(join(root, file.path), file.content);

const readmePath = join(root, README_PATH);
const readme = existsSync(readmePath)
  ? readFileSync(readmePath, "utf8")
  : `# onboarding-bot\n\n<!-- ${CONFIG_REFERENCE_SECTION}:start -->\n<!-- ${CONFIG_REFERENCE_SECTION}:end -->\n`;
const withConfig = replaceMarkedSection(readme, CONFIG_REFERENCE_SECTION, renderConfigReference());
writeIfChanged(readmePath, replaceMarkedSection(withConfig, "command-reference", renderCommandReference(3)));
