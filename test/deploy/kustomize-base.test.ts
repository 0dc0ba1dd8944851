import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1";
import { CronJob, type ICronJob } from "kubernetes-models/batch/v1";
import { Ingress, NetworkPolicy, type IIngress, type INetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ConfigMap, Namespace, Secret, Service, ServiceAccount, type IConfigMap, type ISecret, type IService } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { createMetrics } from "../../src/observability/metrics.js";
import { ROUTES } from "../../src/observability/http-routes.js";
import { WEBHOOK_PATH } from "../../src/server/start-server.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

function findKubectl(): boolean {
  try {
    execFileSync("kubectl", ["version", "--client"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const hasKubectl = findKubectl();
if (!hasKubectl) console.warn("test/deploy: kubectl not found on PATH; skipping the `kubectl kustomize deploy` tests");

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** The models kubernetes-models has; the Prometheus operator's and OpenShift's kinds are checked by hand below. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Secret": Secret,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "batch/v1/CronJob": CronJob,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/Ingress": Ingress,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
};
const HAND_CHECKED = new Set(["monitoring.coreos.com/v1/ServiceMonitor", "monitoring.coreos.com/v1/PrometheusRule", "route.openshift.io/v1/Route"]);

/**
 * The combinations the README documents: the example overlay as shipped, and overlays over the base with each
 * set of optional components (Kubernetes with an Ingress, OpenShift with a Route, a bare cluster).
 */
const COMBINATIONS: Record<string, string[] | "example"> = {
  "example overlay (monitoring, alerts, ingress, network policy)": "example",
  "base only": [],
  "base + ingress": ["ingress"],
  "base + OpenShift route + monitoring + alerts + network policy": ["openshift-route", "monitoring", "alerts", "network-policy"],
  "base + monitoring": ["monitoring"],
  "base + alerts": ["alerts"],
  "base + network policy": ["network-policy"],
};

const workdir = hasKubectl ? mkdtempSync(join(tmpdir(), "deploy-")) : "";
afterAll(() => {
  if (workdir) rmSync(workdir, { recursive: true, force: true });
});

const CREDENTIALS = "APP_ID=123456\nWEBHOOK_SECRET=not-a-real-secret\nRECONCILE_SECRET=not-a-real-token-1234\n";
const PEM = "-----BEGIN RSA PRIVATE KEY-----\nnot a real key\n-----END RSA PRIVATE KEY-----\n";

/** Builds one combination in a copy of deploy/, with the credentials files the overlay's recipe asks for. */
function build(name: string, combination: string[] | "example"): K8sObject[] {
  const copy = join(workdir, name.replace(/[^a-z0-9]+/gi, "-"));
  cpSync(join(root, "deploy"), copy, { recursive: true });
  let dir = join(copy, "overlays", "example");
  if (combination !== "example") {
    dir = join(copy, "overlays", "test");
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "kustomization.yaml"),
      [
        "apiVersion: kustomize.config.k8s.io/v1beta1",
        "kind: Kustomization",
        "namespace: bots",
        "resources: [../../base]",
        `components: [${combination.map((c) => `../../components/${c}`).join(", ")}]`,
        "configMapGenerator:",
        "  - name: onboarding-bot-config",
        "    behavior: merge",
        "    literals: [SUPPORT_REPOSITORIES=o/support, GITOPS_REPOSITORY=o/apps]",
        "secretGenerator:",
        "  - name: onboarding-bot-credentials",
        "    envs: [credentials.env]",
        "    files: [PRIVATE_KEY=private-key.pem]",
        "",
      ].join("\n"),
    );
  }
  writeFileSync(join(dir, "credentials.env"), CREDENTIALS);
  writeFileSync(join(dir, "private-key.pem"), PEM);
  const out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}

/** Names of the metrics the app registers (its own, Node's defaults are not alerted on). */
async function appMetricNames(): Promise<Set<string>> {
  const metrics = createMetrics({ defaultMetrics: false });
  const json = await metrics.registry.getMetricsAsJSON();
  return new Set(json.map((m) => m.name));
}

for (const [name, combination] of Object.entries(COMBINATIONS)) {
  describe.skipIf(!hasKubectl)(`deploy/: ${name}${hasKubectl ? "" : " (SKIPPED: kubectl not found on PATH)"}`, () => {
    const objects = hasKubectl ? build(name, combination) : [];
    const components = combination === "example" ? ["monitoring", "alerts", "ingress", "network-policy"] : combination;
    const all = <T>(kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
    const one = <T>(kind: string) => {
      const found = all<T>(kind);
      expect(found, kind).toHaveLength(1);
      return found[0] as T;
    };

    it("builds exactly the base's objects plus those of the chosen components", () => {
      const expected = ["ConfigMap", "CronJob", "Deployment", "PodDisruptionBudget", "Secret", "Service", "ServiceAccount"];
      if (combination === "example") expected.push("Namespace");
      const byComponent: Record<string, string> = {
        monitoring: "ServiceMonitor",
        alerts: "PrometheusRule",
        ingress: "Ingress",
        "openshift-route": "Route",
        "network-policy": "NetworkPolicy",
      };
      for (const c of components) expected.push(byComponent[c]!);
      expect(objects.map((o) => o.kind).sort()).toEqual(expected.sort());
    });

    it("validates every object against its Kubernetes schema (or the hand checks for CRD kinds)", () => {
      for (const object of objects) {
        const key = `${object.apiVersion}/${object.kind}`;
        if (HAND_CHECKED.has(key)) continue;
        const Model = MODELS[key];
        expect(Model, `no model for ${key}`).toBeDefined();
        // kustomize wraps long base64 Secret values at 70 characters; the API server's decoder skips the newlines,
        // the model's "byte" format does not.
        const data = object.kind === "Secret" ? Object.fromEntries(Object.entries((object.data ?? {}) as Record<string, string>).map(([k, v]) => [k, v.replace(/\s/g, "")])) : undefined;
        const candidate = data ? { ...object, data } : object;
        expect(() => new Model!(candidate as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
        if (combination !== "example") expect(object.metadata.namespace, `${object.kind} namespace`).toBe("bots");
      }
    });

    it("generates the credentials Secret from the env file and the key file, and every pod reads it by its hashed name", () => {
      const secret = one<ISecret & K8sObject>("Secret");
      expect(secret.metadata.name).toMatch(/^onboarding-bot-credentials-[a-z0-9]{10}$/);
      expect(Object.keys(secret.data ?? {}).sort()).toEqual(["APP_ID", "PRIVATE_KEY", "RECONCILE_SECRET", "WEBHOOK_SECRET"]);
      expect(Buffer.from(secret.data!.PRIVATE_KEY!.replace(/\s/g, ""), "base64").toString()).toBe(PEM);
      const deployment = one<IDeployment>("Deployment");
      const cron = one<ICronJob>("CronJob");
      const containers = [deployment.spec!.template.spec!.containers[0]!, cron.spec!.jobTemplate.spec!.template.spec!.containers[0]!];
      for (const container of containers) {
        for (const env of container.env ?? []) {
          if (env.valueFrom?.secretKeyRef) {
            expect(env.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
            expect(env.value).toBeUndefined();
          }
        }
      }
      const webhookEnv = containers[0]!.env!.map((e) => e.name);
      expect(webhookEnv).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "RECONCILE_SECRET"]));
    });

    it("gives both the Deployment and the CronJob the trust roots and settings from one ConfigMap", () => {
      const config = one<IConfigMap & K8sObject>("ConfigMap");
      expect(config.data).toMatchObject({
        LOG_FORMAT: "json",
        SWEEP_INTERVAL_SECONDS: "0",
        SUPPORT_REPOSITORIES: expect.stringMatching(/^[\w.-]+\/[\w.-]+/),
        GITOPS_REPOSITORY: expect.stringMatching(/^[\w.-]+\/[\w.-]+$/),
      });
      const deployment = one<IDeployment>("Deployment");
      const cron = one<ICronJob>("CronJob");
      for (const spec of [deployment.spec!.template.spec!, cron.spec!.jobTemplate.spec!.template.spec!]) {
        expect(spec.containers[0]!.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
      }
    });

    it("runs the sweep as a CronJob that never overlaps, with the image's reconcile command", () => {
      const cron = one<ICronJob>("CronJob");
      const deployment = one<IDeployment>("Deployment");
      expect(cron.spec!.concurrencyPolicy).toBe("Forbid");
      const pod = cron.spec!.jobTemplate.spec!.template.spec!;
      expect(pod.restartPolicy).toBe("Never");
      expect(pod.containers[0]!.args).toEqual(["reconcile"]);
      expect(pod.containers[0]!.image).toBe(deployment.spec!.template.spec!.containers[0]!.image);
      expect(deployment.spec!.template.spec!.containers[0]!.args).toEqual(["serve"]);
      // The sweep pods must not receive webhook traffic.
      const service = one<IService>("Service");
      const sweepLabels = cron.spec!.jobTemplate.spec!.template.metadata!.labels!;
      expect(Object.entries(service.spec!.selector!).every(([k, v]) => sweepLabels[k] === v)).toBe(false);
    });

    it("runs non-root, read-only, without privilege escalation, capabilities or a service account token", () => {
      const deployment = one<IDeployment>("Deployment");
      const cron = one<ICronJob>("CronJob");
      for (const pod of [deployment.spec!.template.spec!, cron.spec!.jobTemplate.spec!.template.spec!]) {
        const container = pod.containers[0]!;
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        const tmp = container.volumeMounts?.find((m) => m.mountPath === "/tmp");
        expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
        expect(container.resources?.limits).toMatchObject({ memory: expect.any(String) });
      }
      expect(deployment.spec!.replicas).toBe(2);
    });

    it("probes the routes the app serves and shuts down within the pod's termination grace period", () => {
      const deployment = one<IDeployment>("Deployment");
      const container = deployment.spec!.template.spec!.containers[0]!;
      expect(container.livenessProbe?.httpGet).toEqual({ path: ROUTES.health, port: "http" });
      expect(container.readinessProbe?.httpGet).toEqual({ path: ROUTES.ready, port: "http" });
      expect(container.ports).toContainEqual({ name: "http", containerPort: 3000, protocol: "TCP" });
      const config = one<IConfigMap>("ConfigMap");
      expect(Number(config.data!.SHUTDOWN_GRACE_SECONDS)).toBeLessThan(deployment.spec!.template.spec!.terminationGracePeriodSeconds!);
    });

    if (components.includes("monitoring")) {
      it("scrapes /metrics through the Service's named port", () => {
        const service = one<IService & K8sObject>("Service");
        const monitor = one<K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string; path: string }> } }>("ServiceMonitor");
        for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) expect(service.metadata.labels![k], k).toBe(v);
        expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: "http", path: ROUTES.metrics })]);
      });
    }

    if (components.includes("alerts")) {
      it("alerts on metrics the app exports (or kube-state-metrics' CronJob metric), each with a runbook", async () => {
        const rule = one<K8sObject & { spec: { groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: Record<string, string> }> }> } }>(
          "PrometheusRule",
        );
        const rules = rule.spec.groups.flatMap((g) => g.rules);
        expect(rules.map((r) => r.alert).sort()).toEqual(
          ["OnboardingBotNoWebhooks", "OnboardingBotRateLimitLow", "OnboardingBotRunsFailing", "OnboardingBotSweepNotRun", "OnboardingRequestStuck"].sort(),
        );
        const known = await appMetricNames();
        const readme = readFileSync(join(root, "README.md"), "utf8");
        for (const r of rules) {
          for (const metric of r.expr.match(/\bonboarding_[a-z_]+/g) ?? []) {
            expect(known.has(metric), `${r.alert}: ${metric}`).toBe(true);
          }
          expect(r.annotations.runbook).toContain("README.md#alerts");
          expect(readme, `README documents ${r.alert}`).toContain(`\`${r.alert}\``);
        }
      });
    }

    if (components.includes("ingress")) {
      it("exposes only the webhook path through the Ingress", () => {
        const ingress = one<IIngress>("Ingress");
        const paths = ingress.spec!.rules!.flatMap((r) => r.http!.paths);
        expect(paths).toEqual([{ path: WEBHOOK_PATH, pathType: "Exact", backend: { service: { name: "onboarding-bot", port: { name: "http" } } } }]);
      });
    }

    if (components.includes("openshift-route")) {
      it("exposes only the webhook path through the Route, over TLS", () => {
        const route = one<K8sObject & { spec: { path: string; to: { kind: string; name: string }; port: { targetPort: string }; tls: { termination: string } } }>("Route");
        expect(route.spec).toMatchObject({ path: WEBHOOK_PATH, to: { kind: "Service", name: "onboarding-bot" }, port: { targetPort: "http" }, tls: { termination: "edge" } });
        expect(route.metadata.name).toBe("onboarding-bot");
      });
    }

    if (components.includes("network-policy")) {
      it("lets in HTTP from the ingress and monitoring namespaces only, and lets out DNS and HTTPS only", () => {
        const policy = one<INetworkPolicy>("NetworkPolicy");
        expect(policy.spec!.policyTypes).toEqual(["Ingress", "Egress"]);
        expect(policy.spec!.ingress!.flatMap((r) => r.ports ?? [])).toEqual([{ port: "http", protocol: "TCP" }]);
        expect(policy.spec!.egress!.flatMap((r) => r.ports ?? []).map((p) => p.port).sort()).toEqual([443, 53, 53]);
        expect(policy.spec!.egress!.every((r) => r.to === undefined)).toBe(true);
      });
    }
  });
}
