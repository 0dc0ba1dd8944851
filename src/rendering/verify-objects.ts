import path from "node:path";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { DNS1123_LABEL, QUANTITY } from "../config/schema.js";
import { findKustomizationFile } from "./kustomization-objects.js";
import { resolveRepoEntry } from "./safe-path.js";

interface Validatable {
  validate(): void;
}
type ModelFactory = (data: unknown) => Validatable;

/** Models of the kinds the bot writes, keyed by `apiVersion/kind`. */
const MODELS: Record<string, ModelFactory> = {
  "v1/Namespace": (d) => new Namespace(d as never),
  "v1/ResourceQuota": (d) => new ResourceQuota(d as never),
  "v1/LimitRange": (d) => new LimitRange(d as never),
  "rbac.authorization.k8s.io/v1/RoleBinding": (d) => new RoleBinding(d as never),
  "networking.k8s.io/v1/NetworkPolicy": (d) => new NetworkPolicy(d as never),
};

/** Top-level fields each kind may carry; kubernetes-models does not refuse unknown fields, so this does. */
const TOP_LEVEL: Record<string, readonly string[]> = {
  "v1/Namespace": ["apiVersion", "kind", "metadata", "spec"],
  "v1/ResourceQuota": ["apiVersion", "kind", "metadata", "spec"],
  "v1/LimitRange": ["apiVersion", "kind", "metadata", "spec"],
  "rbac.authorization.k8s.io/v1/RoleBinding": ["apiVersion", "kind", "metadata", "roleRef", "subjects"],
  "networking.k8s.io/v1/NetworkPolicy": ["apiVersion", "kind", "metadata", "spec"],
  "user.openshift.io/v1/Group": ["apiVersion", "kind", "metadata", "users"],
};

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks a label or annotation key: optional DNS-subdomain prefix (<= 253) and a name (<= 63). */
function qualifiedNameError(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash === -1 ? undefined : key.slice(0, slash);
  const name = slash === -1 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix '${prefix}' is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) return `name '${name}' is not a qualified name (alphanumerics, '-', '_', '.', at most 63)`;
  return undefined;
}

function checkMetadata(where: string, kindKey: string, metadata: Record<string, unknown>, errors: string[]): void {
  const name = metadata.name;
  if (typeof name !== "string") {
    errors.push(`${where}: metadata.name is missing`);
  } else if (kindKey === "v1/Namespace" || kindKey === "user.openshift.io/v1/Group") {
    if (name.length > 63 || !DNS1123_LABEL.test(name)) errors.push(`${where}: metadata.name '${name}' is not a DNS-1123 label (lowercase, digits, '-', at most 63)`);
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    errors.push(`${where}: metadata.name '${name}' is not a DNS-1123 subdomain (at most 253)`);
  }
  const labels = isRecord(metadata.labels) ? metadata.labels : {};
  for (const [key, value] of Object.entries(labels)) {
    const keyError = qualifiedNameError(key);
    if (keyError) errors.push(`${where}: label key '${key}': ${keyError}`);
    if (typeof value !== "string" || value.length > 63 || !LABEL_VALUE.test(value)) {
      errors.push(`${where}: label '${key}' has value '${String(value)}'; expected at most 63 alphanumerics, '-', '_', '.'`);
    }
  }
  const annotations = isRecord(metadata.annotations) ? metadata.annotations : {};
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    const keyError = qualifiedNameError(key);
    if (keyError) errors.push(`${where}: annotation key '${key}': ${keyError}`);
    if (typeof value !== "string") errors.push(`${where}: annotation '${key}' is not a string`);
    else size += key.length + value.length;
  }
  if (size > 256 * 1024) errors.push(`${where}: annotations total ${size} bytes; Kubernetes allows at most 256 KiB`);
}

function checkGroup(where: string, object: Record<string, unknown>, errors: string[]): void {
  const users = object.users;
  if (!Array.isArray(users) || users.some((u) => typeof u !== "string" || u === "")) {
    errors.push(`${where}: users must be a list of non-empty strings`);
  } else if (new Set(users).size !== users.length) {
    errors.push(`${where}: users lists someone twice`);
  }
}

function checkQuotaValues(where: string, object: Record<string, unknown>, errors: string[]): void {
  const spec = isRecord(object.spec) ? object.spec : {};
  const hard = isRecord(spec.hard) ? spec.hard : {};
  for (const [key, value] of Object.entries(hard)) {
    if (typeof value !== "string" || !QUANTITY.test(value)) errors.push(`${where}: spec.hard['${key}'] = '${String(value)}' is not a Kubernetes quantity`);
  }
}

/**
 * Validates one rendered Kubernetes object: the kubernetes-models schema for Namespace, ResourceQuota, LimitRange,
 * RoleBinding and NetworkPolicy, a hand-written schema for OpenShift's `user.openshift.io/v1` Group, and what the models
 * do not check: unknown top-level fields, name formats (DNS-1123 label for Namespace and Group, subdomain otherwise),
 * label and annotation keys and values, quota quantities. Returns one message per failure, each naming `where`.
 */
export function verifyObject(where: string, object: unknown): string[] {
  if (!isRecord(object)) return [`${where}: not a Kubernetes object (expected a mapping)`];
  const kindKey = `${String(object.apiVersion)}/${String(object.kind)}`;
  const allowed = TOP_LEVEL[kindKey];
  if (!allowed) return [`${where}: the bot does not write objects of kind '${kindKey}'`];
  const errors: string[] = [];
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) errors.push(`${where}: unknown field '${key}' for ${kindKey}`);
  }
  const model = MODELS[kindKey];
  if (model) {
    try {
      model(object).validate();
    } catch (error) {
      errors.push(`${where}: ${kindKey} schema: ${(error as Error).message}`);
    }
  }
  if (isRecord(object.metadata)) checkMetadata(where, kindKey, object.metadata, errors);
  else errors.push(`${where}: metadata is missing`);
  if (kindKey === "user.openshift.io/v1/Group") checkGroup(where, object, errors);
  if (kindKey === "v1/ResourceQuota") checkQuotaValues(where, object, errors);
  return errors;
}

/** The `resources`/`components` entries the bot wrote into one kustomization file. */
export interface WrittenEntries {
  /** Path of the kustomization file. */
  file: string;
  entries: readonly string[];
}

/**
 * Checks that every entry the bot wrote resolves, relative to its kustomization's directory, to a file or to a
 * directory holding a kustomization, in the repository as it will be: `paths` (the snapshot) plus `rendered` (the
 * files being written). Returns one message per dangling entry.
 */
export function verifyEntries(written: readonly WrittenEntries[], paths: ReadonlySet<string>, rendered: ReadonlySet<string>): string[] {
  const exists = (p: string): boolean => paths.has(p) || rendered.has(p);
  const union: ReadonlySet<string> = { has: exists } as ReadonlySet<string>;
  const errors: string[] = [];
  for (const { file, entries } of written) {
    const dir = path.posix.dirname(file);
    for (const entry of entries) {
      const target = resolveRepoEntry(dir === "." ? "" : dir, entry);
      if (target === undefined) {
        errors.push(`${file}: entry '${entry}' leaves the repository or is remote`);
      } else if (!exists(target) && findKustomizationFile(target, union) === undefined) {
        errors.push(`${file}: entry '${entry}' points at '${target}', which has no kustomization file and is not a file`);
      }
    }
  }
  return errors;
}
