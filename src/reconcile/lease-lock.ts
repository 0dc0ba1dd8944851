import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { hostname } from "node:os";
import { join } from "node:path";
import type { ILease } from "kubernetes-models/coordination.k8s.io/v1";

/**
 * A lock that lets exactly one replica run the reconciliation sweep at a time.
 * `tryAcquire` never waits: it answers whether this process holds the lock now (acquiring or renewing it).
 * Call `release` when the sweep ends so another replica need not wait for the lease to expire.
 */
export interface SweepLock {
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

/** A lock for a single process: one sweep at a time within this replica. Used outside Kubernetes. */
export function createInProcessLock(): SweepLock & { kind: "in-process" } {
  let held = false;
  return {
    kind: "in-process",
    async tryAcquire() {
      if (held) return false;
      held = true;
      return true;
    },
    async release() {
      held = false;
    },
  };
}

/** The minimal response {@link LeaseFetch} must return; the global `fetch` fits. */
export interface LeaseFetchResponse {
  status: number;
  text(): Promise<string>;
}

/** The minimal `fetch` the lease lock uses; the global `fetch` fits, and {@link createNodeFetch} adds a CA. */
export type LeaseFetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<LeaseFetchResponse>;

/** Options of {@link createLeaseLock}. */
export interface LeaseLockOptions {
  /** The API server, e.g. `https://10.96.0.1:443`. */
  apiUrl: string;
  namespace: string;
  /** Name of the Lease object, e.g. `onboarding-bot-sweeper`. */
  name: string;
  /** Identity of this replica (the pod name). */
  holder: string;
  /** How long the lease is valid after each acquire or renewal; must exceed a sweep's duration or the sweep renews. */
  ttlSeconds: number;
  /** Bearer token, or a function that reads it (service-account tokens are rotated on disk). */
  token: string | (() => string | Promise<string>);
  fetch?: LeaseFetch;
  /** Clock, for tests. */
  now?: () => Date;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Formats a time as a Kubernetes `MicroTime` (RFC 3339 with exactly six fractional digits), which the API server
 * requires for `renewTime` and `acquireTime`.
 */
export function toMicroTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** Parses a `MicroTime` / RFC 3339 time; `undefined` when absent or malformed. */
export function parseMicroTime(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const normalised = value.replace(/\.(\d{3})\d*(?=Z|[+-]\d\d:\d\d$)/, ".$1");
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether a lease has no holder or its holder has not renewed it within `leaseDurationSeconds`. */
export function leaseIsFree(lease: ILease, nowMs: number): boolean {
  const spec = lease.spec ?? {};
  if (typeof spec.holderIdentity !== "string" || spec.holderIdentity === "") return true;
  const renewed = parseMicroTime(spec.renewTime) ?? parseMicroTime(spec.acquireTime);
  const duration = typeof spec.leaseDurationSeconds === "number" ? spec.leaseDurationSeconds : 0;
  if (renewed === undefined) return true;
  return renewed + duration * 1000 <= nowMs;
}

/**
 * A {@link SweepLock} backed by a Kubernetes `coordination.k8s.io/v1` Lease, so one replica of a Deployment sweeps.
 *
 * `tryAcquire` reads the Lease; creates it when missing (a concurrent create gets 409 and loses); renews it when this
 * replica holds it; takes it over when it has no holder or expired (`renewTime + leaseDurationSeconds` in the past);
 * otherwise answers `false`. Every update carries `metadata.resourceVersion`, so of two replicas updating the same
 * version one gets 409 Conflict and answers `false`. API errors other than 404/409 reject with what to check.
 * `release` clears the holder if this replica still holds the lease (a conflict means another replica took it: fine).
 */
export function createLeaseLock(options: LeaseLockOptions): SweepLock & { kind: "kubernetes-lease" } {
  const { namespace, name, holder } = options;
  if (!DNS1123_LABEL.test(namespace) || namespace.length > 63) {
    throw new Error(`lease-lock: namespace '${namespace}' is not a valid Kubernetes namespace name (a DNS-1123 label)`);
  }
  if (!DNS1123_SUBDOMAIN.test(name) || name.length > 253) {
    throw new Error(`lease-lock: lease name '${name}' is not a valid Kubernetes object name (a DNS-1123 subdomain)`);
  }
  if (holder === "" || holder.length > 253) {
    throw new Error("lease-lock: holder must be a non-empty identity of at most 253 characters, e.g. the pod name");
  }
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds < 1 || options.ttlSeconds > 86_400) {
    throw new Error(`lease-lock: ttlSeconds must be a whole number of seconds between 1 and 86400, got ${options.ttlSeconds}`);
  }
  let base: URL;
  try {
    base = new URL(options.apiUrl);
  } catch {
    throw new Error(`lease-lock: apiUrl '${options.apiUrl}' is not a URL; expected e.g. 'https://10.96.0.1:443'`);
  }
  const doFetch: LeaseFetch = options.fetch ?? ((url, init) => fetch(url, init));
  const now = options.now ?? (() => new Date());
  let root = base.href;
  while (root.endsWith("/")) root = root.slice(0, -1); // not /\/+$/: quadratic on a long run of slashes
  const collectionUrl = `${root}/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const leaseUrl = `${collectionUrl}/${encodeURIComponent(name)}`;
  const where = `lease ${namespace}/${name}`;

  async function call(method: string, url: string, body?: ILease): Promise<{ status: number; lease?: ILease }> {
    const token = typeof options.token === "function" ? await options.token() : options.token;
    const headers: Record<string, string> = { accept: "application/json", authorization: `Bearer ${token.trim()}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: LeaseFetchResponse;
    try {
      response = await doFetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (error) {
      throw new Error(`lease-lock: ${method} ${where} failed: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) {
      throw new Error(
        `lease-lock: the Kubernetes API refused ${method} on ${where} (${response.status}); the service account needs a Role allowing get, create and update on leases`,
      );
    }
    if (response.status >= 200 && response.status < 300) {
      let lease: ILease;
      try {
        lease = JSON.parse(text) as ILease;
      } catch {
        throw new Error(`lease-lock: ${method} ${where} answered ${response.status} with a body that is not JSON`);
      }
      return { status: response.status, lease };
    }
    if (response.status === 404 || response.status === 409) return { status: response.status };
    throw new Error(`lease-lock: ${method} ${where} answered ${response.status}: ${text.slice(0, 200)}`);
  }

  function spec(previous: ILease["spec"], at: Date, takeOver: boolean): NonNullable<ILease["spec"]> {
    const time = toMicroTime(at);
    const transitions = previous?.leaseTransitions ?? 0;
    return {
      ...previous,
      holderIdentity: holder,
      leaseDurationSeconds: options.ttlSeconds,
      acquireTime: takeOver ? time : (previous?.acquireTime ?? time),
      renewTime: time,
      leaseTransitions: takeOver && previous?.holderIdentity ? transitions + 1 : transitions,
    };
  }

  return {
    kind: "kubernetes-lease",
    async tryAcquire() {
      const at = now();
      const current = await call("GET", leaseUrl);
      if (current.status === 404 || !current.lease) {
        const created = await call("POST", collectionUrl, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace },
          spec: spec(undefined, at, true),
        });
        return created.status === 200 || created.status === 201;
      }
      const lease = current.lease;
      const mine = lease.spec?.holderIdentity === holder;
      if (!mine && !leaseIsFree(lease, at.getTime())) return false;
      if (!lease.metadata?.resourceVersion) {
        throw new Error(`lease-lock: GET ${where} returned no metadata.resourceVersion; cannot update it safely`);
      }
      const updated = await call("PUT", leaseUrl, { ...lease, spec: spec(lease.spec, at, !mine) });
      return updated.status === 200 || updated.status === 201;
    },
    async release() {
      const current = await call("GET", leaseUrl);
      const lease = current.lease;
      if (!lease || lease.spec?.holderIdentity !== holder) return;
      const rest = { ...lease.spec };
      delete rest.holderIdentity;
      // A 409 here means another replica already took the lease over: nothing left to release.
      await call("PUT", leaseUrl, { ...lease, spec: { ...rest, renewTime: toMicroTime(now()) } });
    },
  };
}

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** PEM certificate(s) the server certificate must chain to (the cluster CA). */
  ca?: string | Buffer;
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * A {@link LeaseFetch} over `node:https` (or `node:http` for plain URLs) that trusts the given CA. The global
 * `fetch` cannot be given a CA without an undici dispatcher, which is not a dependency of this app.
 */
export function createNodeFetch(options: NodeFetchOptions = {}): LeaseFetch {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const transport = target.protocol === "https:" ? https : target.protocol === "http:" ? http : undefined;
      if (!transport) {
        reject(new Error(`lease-lock: unsupported protocol '${target.protocol}' in ${target.origin}; use https`));
        return;
      }
      const request = transport.request(
        target,
        {
          method: init.method,
          headers: init.headers,
          timeout: timeoutMs,
          ...(target.protocol === "https:" && options.ca !== undefined ? { ca: options.ca } : {}),
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              request.destroy(new Error(`response from ${target.origin} exceeds ${MAX_RESPONSE_BYTES} bytes`));
              return;
            }
            chunks.push(chunk);
          });
          response.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            resolve({ status: response.statusCode ?? 0, text: async () => body });
          });
          response.on("error", reject);
        },
      );
      request.on("timeout", () => request.destroy(new Error(`no answer from ${target.origin} within ${timeoutMs} ms`)));
      request.on("error", reject);
      request.end(init.body);
    });
}

/** Where Kubernetes mounts the pod's service-account credentials. */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** Default lease duration when `SWEEP_LEASE_TTL_SECONDS` is not set. */
export const DEFAULT_LEASE_TTL_SECONDS = 300;

/** Overrides for {@link leaseLockFromEnv}, for tests. */
export interface LeaseLockFromEnvOptions {
  serviceAccountDir?: string;
  now?: () => Date;
}

/**
 * Picks the sweep lock for this process from the environment:
 * - `SWEEP_LEASE_NAME` set: a Kubernetes Lease lock talking to `https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT`
 *   with the pod's service-account token (re-read on each call, as kubelet rotates it), namespace and CA; holder is
 *   `POD_NAME` (else the hostname, which is the pod name in Kubernetes); duration `SWEEP_LEASE_TTL_SECONDS` (default 300);
 * - otherwise: an in-process lock.
 * Throws, naming the missing piece, when a lease is asked for outside a pod.
 */
export function leaseLockFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  overrides: LeaseLockFromEnvOptions = {},
): SweepLock & { kind: "in-process" | "kubernetes-lease" } {
  const name = env.SWEEP_LEASE_NAME?.trim();
  if (!name) return createInProcessLock();
  const host = env.KUBERNETES_SERVICE_HOST?.trim();
  const port = env.KUBERNETES_SERVICE_PORT?.trim() || "443";
  if (!host) {
    throw new Error(
      "lease-lock: SWEEP_LEASE_NAME is set but KUBERNETES_SERVICE_HOST is not; run inside a Kubernetes pod or unset SWEEP_LEASE_NAME",
    );
  }
  if (!/^\d{1,5}$/.test(port)) throw new Error(`lease-lock: KUBERNETES_SERVICE_PORT '${port}' is not a port number`);
  const dir = overrides.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const readMounted = (file: string): string => {
    try {
      return readFileSync(join(dir, file), "utf8");
    } catch (error) {
      throw new Error(
        `lease-lock: cannot read ${join(dir, file)} (${(error as NodeJS.ErrnoException).code ?? "error"}); is automountServiceAccountToken enabled?`,
        { cause: error },
      );
    }
  };
  const ca = readMounted("ca.crt");
  const namespace = env.POD_NAMESPACE?.trim() || readMounted("namespace").trim();
  readMounted("token");
  const ttlText = env.SWEEP_LEASE_TTL_SECONDS?.trim();
  const ttlSeconds = ttlText ? Number(ttlText) : DEFAULT_LEASE_TTL_SECONDS;
  const hostPart = host.includes(":") ? `[${host}]` : host;
  return createLeaseLock({
    apiUrl: `https://${hostPart}:${port}`,
    namespace,
    name,
    holder: env.POD_NAME?.trim() || hostname(),
    ttlSeconds,
    token: async () => (await readFile(join(dir, "token"), "utf8")).trim(),
    fetch: createNodeFetch({ ca }),
    ...(overrides.now ? { now: overrides.now } : {}),
  });
}
