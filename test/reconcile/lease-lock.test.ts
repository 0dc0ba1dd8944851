import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Lease, type ILease } from "kubernetes-models/coordination.k8s.io/v1";
import { afterEach, describe, expect, it } from "vitest";
import {
  createInProcessLock,
  createLeaseLock,
  createNodeFetch,
  leaseLockFromEnv,
  parseMicroTime,
  toMicroTime,
  type LeaseLockOptions,
} from "../../src/reconcile/lease-lock.js";

/**
 * A small in-memory stand-in for the `coordination.k8s.io/v1` Lease API of a Kubernetes API server: bearer-token
 * auth, create (409 AlreadyExists), get (404), update with optimistic concurrency (409 Conflict on a stale
 * `metadata.resourceVersion`). Every stored object is validated with kubernetes-models.
 */
class FakeLeaseApi {
  readonly leases = new Map<string, ILease>();
  readonly log: string[] = [];
  private version = 100;
  /** When > 0, GET answers are held back until this many GETs arrived, to force two writers onto one version. */
  holdGets = 0;
  private heldGets: Array<() => void> = [];

  constructor(private readonly token: string) {}

  seed(namespace: string, name: string, spec: ILease["spec"]): void {
    this.leases.set(`${namespace}/${name}`, {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name, namespace, resourceVersion: String(++this.version) },
      spec,
    });
  }

  get(namespace: string, name: string): ILease | undefined {
    return this.leases.get(`${namespace}/${name}`);
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void this.route(req, res, Buffer.concat(chunks).toString("utf8")));
  };

  private async route(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const send = (status: number, obj: unknown) => {
      this.log.push(`${req.method} ${status}`);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(obj));
    };
    const status = (code: number, reason: string) =>
      send(code, { apiVersion: "v1", kind: "Status", status: "Failure", reason, code });
    if (req.headers.authorization !== `Bearer ${this.token}`) return status(401, "Unauthorized");
    const m = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/.exec(req.url ?? "");
    if (!m) return status(404, "NotFound");
    const namespace = decodeURIComponent(m[1] ?? "");
    const name = m[2] === undefined ? undefined : decodeURIComponent(m[2]);

    if (req.method === "GET" && name) {
      if (this.holdGets > 0) {
        await new Promise<void>((resolve) => {
          this.heldGets.push(resolve);
          if (this.heldGets.length >= this.holdGets) {
            this.holdGets = 0;
            for (const release of this.heldGets.splice(0)) release();
          }
        });
      }
      const lease = this.get(namespace, name);
      return lease ? send(200, lease) : status(404, "NotFound");
    }
    const incoming = JSON.parse(body) as ILease;
    new Lease(incoming).validate();
    if (req.method === "POST" && !name) {
      const key = `${namespace}/${incoming.metadata?.name ?? ""}`;
      if (this.leases.has(key)) return status(409, "AlreadyExists");
      const stored = { ...incoming, metadata: { ...incoming.metadata, namespace, resourceVersion: String(++this.version) } };
      this.leases.set(key, stored);
      return send(201, stored);
    }
    if (req.method === "PUT" && name) {
      const key = `${namespace}/${name}`;
      const current = this.leases.get(key);
      if (!current) return status(404, "NotFound");
      if (incoming.metadata?.resourceVersion !== current.metadata?.resourceVersion) return status(409, "Conflict");
      const stored = { ...incoming, metadata: { ...incoming.metadata, resourceVersion: String(++this.version) } };
      this.leases.set(key, stored);
      return send(200, stored);
    }
    return status(405, "MethodNotAllowed");
  }
}

const TOKEN = "sa-token-abc";
const NS = "onboarding";
const NAME = "onboarding-bot-sweeper";
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function startApi(listener?: RequestListener) {
  const api = new FakeLeaseApi(TOKEN);
  const server = createServer(listener ?? api.handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { api, apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function lock(apiUrl: string, holder: string, extra: Partial<LeaseLockOptions> = {}) {
  return createLeaseLock({ apiUrl, namespace: NS, name: NAME, holder, ttlSeconds: 60, token: TOKEN, ...extra });
}

describe("createInProcessLock", () => {
  it("lets one sweep hold the lock until it is released", async () => {
    const l = createInProcessLock();
    expect(await l.tryAcquire()).toBe(true);
    expect(await l.tryAcquire()).toBe(false);
    await l.release();
    expect(await l.tryAcquire()).toBe(true);
  });
});

describe("MicroTime", () => {
  it("writes six fractional digits and reads them back", () => {
    const at = new Date("2026-03-04T05:06:07.891Z");
    expect(toMicroTime(at)).toBe("2026-03-04T05:06:07.891000Z");
    expect(parseMicroTime("2026-03-04T05:06:07.891234Z")).toBe(at.getTime());
    expect(parseMicroTime("2026-03-04T05:06:07Z")).toBe(Date.parse("2026-03-04T05:06:07Z"));
    expect(parseMicroTime("yesterday")).toBeUndefined();
  });
});

describe("createLeaseLock against a fake Lease API", () => {
  it("creates the lease when it does not exist, as a valid Lease held by this replica", async () => {
    const { api, apiUrl } = await startApi();
    const at = new Date("2026-01-01T00:00:00.000Z");
    expect(await lock(apiUrl, "pod-a", { now: () => at }).tryAcquire()).toBe(true);
    const lease = api.get(NS, NAME);
    expect(lease?.spec).toEqual({
      holderIdentity: "pod-a",
      leaseDurationSeconds: 60,
      acquireTime: "2026-01-01T00:00:00.000000Z",
      renewTime: "2026-01-01T00:00:00.000000Z",
      leaseTransitions: 0,
    });
    expect(() => new Lease(lease).validate()).not.toThrow();
  });

  it("lets exactly one of two replicas win when both create the missing lease at once", async () => {
    const { api, apiUrl } = await startApi();
    api.holdGets = 2;
    const results = await Promise.all([lock(apiUrl, "pod-a").tryAcquire(), lock(apiUrl, "pod-b").tryAcquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(api.log).toContain("POST 409");
    expect(api.get(NS, NAME)?.spec?.holderIdentity).toBe(results[0] ? "pod-a" : "pod-b");
  });

  it("lets exactly one of two replicas take over an expired lease when both update the same resourceVersion", async () => {
    const { api, apiUrl } = await startApi();
    api.seed(NS, NAME, { holderIdentity: "pod-old", leaseDurationSeconds: 60, renewTime: "2026-01-01T00:00:00.000000Z", leaseTransitions: 3 });
    api.holdGets = 2;
    const now = () => new Date("2026-01-01T00:05:00.000Z");
    const results = await Promise.all([lock(apiUrl, "pod-a", { now }).tryAcquire(), lock(apiUrl, "pod-b", { now }).tryAcquire()]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(api.log.filter((l) => l === "PUT 409")).toHaveLength(1);
    const spec = api.get(NS, NAME)?.spec;
    expect(spec?.holderIdentity).toBe(results[0] ? "pod-a" : "pod-b");
    expect(spec?.leaseTransitions).toBe(4);
    expect(spec?.acquireTime).toBe("2026-01-01T00:05:00.000000Z");
  });

  it("does not take a lease another replica renewed within its duration", async () => {
    const { api, apiUrl } = await startApi();
    api.seed(NS, NAME, { holderIdentity: "pod-b", leaseDurationSeconds: 60, renewTime: "2026-01-01T00:00:00.000000Z" });
    expect(await lock(apiUrl, "pod-a", { now: () => new Date("2026-01-01T00:00:59.000Z") }).tryAcquire()).toBe(false);
    expect(api.get(NS, NAME)?.spec?.holderIdentity).toBe("pod-b");
    expect(api.log).not.toContain("PUT 200");
    expect(await lock(apiUrl, "pod-a", { now: () => new Date("2026-01-01T00:01:00.001Z") }).tryAcquire()).toBe(true);
    expect(api.get(NS, NAME)?.spec?.holderIdentity).toBe("pod-a");
  });

  it("renews its own lease without counting a transition", async () => {
    const { api, apiUrl } = await startApi();
    let t = Date.parse("2026-01-01T00:00:00Z");
    const a = lock(apiUrl, "pod-a", { now: () => new Date(t) });
    expect(await a.tryAcquire()).toBe(true);
    t += 30_000;
    expect(await a.tryAcquire()).toBe(true);
    const spec = api.get(NS, NAME)?.spec;
    expect(spec?.renewTime).toBe("2026-01-01T00:00:30.000000Z");
    expect(spec?.acquireTime).toBe("2026-01-01T00:00:00.000000Z");
    expect(spec?.leaseTransitions).toBe(0);
  });

  it("on release clears the holder so another replica acquires at once, and a non-holder's release changes nothing", async () => {
    const { api, apiUrl } = await startApi();
    const a = lock(apiUrl, "pod-a");
    const b = lock(apiUrl, "pod-b");
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    const version = api.get(NS, NAME)?.metadata?.resourceVersion;
    await b.release();
    expect(api.get(NS, NAME)?.metadata?.resourceVersion).toBe(version);
    await a.release();
    expect(api.get(NS, NAME)?.spec?.holderIdentity).toBeUndefined();
    expect(await b.tryAcquire()).toBe(true);
    expect(api.get(NS, NAME)?.spec?.leaseTransitions).toBe(0);
  });

  it("rejects with what to fix when the API refuses the token", async () => {
    const { apiUrl } = await startApi();
    await expect(lock(apiUrl, "pod-a", { token: "wrong" }).tryAcquire()).rejects.toThrow(
      /refused GET on lease onboarding\/onboarding-bot-sweeper \(401\).*Role allowing get, create and update on leases/,
    );
  });

  it("rejects naming the lease when the API answers an unexpected status", async () => {
    const { apiUrl } = await startApi((_req: IncomingMessage, res: ServerResponse) => res.writeHead(500).end("etcd timeout"));
    await expect(lock(apiUrl, "pod-a").tryAcquire()).rejects.toThrow("lease-lock: GET lease onboarding/onboarding-bot-sweeper answered 500: etcd timeout");
  });

  it("refuses invalid names and durations up front", () => {
    expect(() => lock("http://127.0.0.1:1", "pod-a", { namespace: "Bad_NS" })).toThrow(/namespace 'Bad_NS'/);
    expect(() => lock("http://127.0.0.1:1", "pod-a", { name: "../x" })).toThrow(/lease name '..\/x'/);
    expect(() => lock("http://127.0.0.1:1", "pod-a", { ttlSeconds: 0 })).toThrow(/ttlSeconds/);
    expect(() => lock("not a url", "pod-a")).toThrow(/apiUrl 'not a url'/);
  });

  it("works over node:http through createNodeFetch as it does over the global fetch", async () => {
    const { api, apiUrl } = await startApi();
    expect(await lock(apiUrl, "pod-a", { fetch: createNodeFetch() }).tryAcquire()).toBe(true);
    expect(api.get(NS, NAME)?.spec?.holderIdentity).toBe("pod-a");
  });
});

function opensslAvailable(): boolean {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("leaseLockFromEnv", () => {
  it("uses an in-process lock when SWEEP_LEASE_NAME is not set", () => {
    expect(leaseLockFromEnv({ KUBERNETES_SERVICE_HOST: "10.0.0.1" }).kind).toBe("in-process");
  });

  it("explains what is missing when a lease is asked for outside a pod", () => {
    expect(() => leaseLockFromEnv({ SWEEP_LEASE_NAME: NAME })).toThrow(/KUBERNETES_SERVICE_HOST is not/);
    const dir = mkdtempSync(join(tmpdir(), "sa-"));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    expect(() =>
      leaseLockFromEnv({ SWEEP_LEASE_NAME: NAME, KUBERNETES_SERVICE_HOST: "127.0.0.1" }, { serviceAccountDir: dir }),
    ).toThrow(/cannot read .*ca\.crt \(ENOENT\); is automountServiceAccountToken enabled\?/);
  });

  it.skipIf(!opensslAvailable())(
    "talks HTTPS to the API server with the mounted CA, namespace and (re-read) token",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "sa-"));
      closers.push(async () => rmSync(dir, { recursive: true, force: true }));
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
          "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", join(dir, "tls.key"), "-out", join(dir, "ca.crt")],
        { stdio: "ignore" },
      );
      writeFileSync(join(dir, "namespace"), `${NS}\n`);
      writeFileSync(join(dir, "token"), `${TOKEN}\n`);
      const api = new FakeLeaseApi(TOKEN);
      const server = createHttpsServer({ key: readFileSync(join(dir, "tls.key")), cert: readFileSync(join(dir, "ca.crt")) }, api.handle);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      closers.push(() => new Promise((resolve) => server.close(() => resolve())));
      const env = {
        SWEEP_LEASE_NAME: NAME,
        KUBERNETES_SERVICE_HOST: "127.0.0.1",
        KUBERNETES_SERVICE_PORT: String((server.address() as AddressInfo).port),
        POD_NAME: "onboarding-bot-7d9f-abcde",
        SWEEP_LEASE_TTL_SECONDS: "120",
      };
      const l = leaseLockFromEnv(env, { serviceAccountDir: dir });
      expect(l.kind).toBe("kubernetes-lease");
      expect(await l.tryAcquire()).toBe(true);
      expect(api.get(NS, NAME)?.spec).toMatchObject({ holderIdentity: "onboarding-bot-7d9f-abcde", leaseDurationSeconds: 120 });

      // Rotated token on disk is picked up on the next call.
      writeFileSync(join(dir, "token"), "rotated-token");
      await expect(l.tryAcquire()).rejects.toThrow(/\(401\)/);

      // The same server is not trusted without the mounted CA.
      const untrusted = createLeaseLock({
        apiUrl: `https://127.0.0.1:${env.KUBERNETES_SERVICE_PORT}`,
        namespace: NS, name: NAME, holder: "x", ttlSeconds: 60, token: TOKEN, fetch: createNodeFetch(),
      });
      await expect(untrusted.tryAcquire()).rejects.toThrow(/lease-lock: GET lease onboarding\/onboarding-bot-sweeper failed: .*certificate/i);
    },
  );
});
