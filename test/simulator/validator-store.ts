import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv, ValidateFunction } from "ajv";

const require = createRequire(import.meta.url);
/** ajv's code generator for standalone validators (CommonJS; its `default` export is the function). */
const { default: standaloneCode } = require("ajv/dist/standalone/index.js") as typeof import("ajv/dist/standalone/index.js");
/** Where compiled validators are kept: the checkout's `node_modules/.cache`, beside the ajv that compiled them. */
const CACHE_ROOT = path.join(path.dirname(require.resolve("ajv/package.json")), "..", ".cache", "onboarding-bot-simulator");

/**
 * Compiled ajv validators kept on disk as ajv's standalone code, so each test process loads the validators the first
 * one compiled instead of compiling GitHub's large schemas again (about a second per process). Entries live under
 * a digest of everything that decides the code: the ajv version, the REST description, and the sources that turn
 * the description into schemas (`inputs`); a change to any of them starts a new directory. A store that cannot be
 * written only costs time.
 */
export class ValidatorStore {
  readonly dir: string;

  /**
   * `inputs`: what the compiled code depends on besides ajv itself (the description, the converting source); `root`:
   * the directory the store's own directory is made in.
   */
  constructor(inputs: readonly string[], root: string = CACHE_ROOT) {
    const hash = createHash("sha256");
    hash.update(`ajv ${(require("ajv/package.json") as { version: string }).version}\n`);
    for (const input of inputs) hash.update(`${input.length}\n${input}`);
    this.dir = path.join(root, `ajv-${hash.digest("hex").slice(0, 24)}`);
  }

  /** The validator stored under `name`, or `undefined` when none is (or it cannot be loaded). */
  get(name: string): ValidateFunction | undefined {
    const file = this.#file(name);
    if (!existsSync(file)) return undefined;
    try {
      return (require(file) as { default: ValidateFunction }).default;
    } catch {
      return undefined;
    }
  }

  /** Stores `validate`, compiled by `ajv` (created with `code: { source: true }`), under `name`. */
  put(name: string, ajv: Ajv, validate: ValidateFunction): void {
    const file = this.#file(name);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temporary, standaloneCode(ajv, validate));
      renameSync(temporary, file);
    } catch {
      // Read-only or full: the next process compiles again.
    }
  }

  #file(name: string): string {
    return path.join(this.dir, `${encodeURIComponent(name)}.cjs`);
  }
}

/** The source text of a module, by its `import.meta.url`: an input of {@link ValidatorStore}. */
export function sourceOf(moduleUrl: string): string {
  return readFileSync(fileURLToPath(moduleUrl), "utf8");
}
