import { z } from "zod";
import { CHANGE_KINDS, changeRequestSchemas, type ChangeKind } from "../rendering/changes/change-request.js";
import { buildRequestJsonSchema, REQUEST_SCHEMA_PATH } from "./request-schema.js";

/**
 * The JSON Schema files of the requests people write, generated from their zod schemas (`npm run schemas` writes
 * them; `test/validation/schema-files.test.ts` fails when a committed file differs from what this generates):
 * - `schemas/onboarding-request.schema.json` from src/validation/request-schema.ts;
 * - `schemas/change-<kind>.schema.json` for each change-request kind, from src/rendering/changes/change-request.ts.
 * Refinements zod cannot state in JSON Schema (a login both added and removed, a custom quota without the custom
 * tier in a change) are checked by the bot, not by these files.
 */

/** A generated file: its path relative to the repository root and its exact text. */
export interface SchemaFile {
  path: string;
  content: string;
}

/** Where the JSON Schema of a change-request kind lives, relative to the repository root. */
export function changeSchemaPath(kind: ChangeKind): string {
  return `schemas/change-${kind}.schema.json`;
}

/** The JSON Schema (draft 2020-12) of one change-request kind, with `$id` and title. */
export function buildChangeJsonSchema(kind: ChangeKind): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(changeRequestSchemas[kind], { io: "input" }) as Record<string, unknown>;
  return {
    $schema,
    $id: `https://github.com/operate-first/onboarding-bot/${changeSchemaPath(kind)}`,
    title: `Change request: ${kind}`,
    description: `A '${kind}' change request as a JSON or YAML mapping (see docs/change-requests.md). Generated from src/rendering/changes/change-request.ts by \`npm run schemas\`.`,
    ...rest,
  };
}

function json(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every generated request schema file, onboarding first, then the change kinds in {@link CHANGE_KINDS} order. */
export function requestSchemaFiles(): SchemaFile[] {
  return [
    { path: REQUEST_SCHEMA_PATH, content: json(buildRequestJsonSchema()) },
    ...CHANGE_KINDS.map((kind) => ({ path: changeSchemaPath(kind), content: json(buildChangeJsonSchema(kind)) })),
  ];
}
