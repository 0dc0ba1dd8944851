import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Deployment, type IDeployment } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Role, RoleBinding, type IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1";
import { ConfigMap, Service, ServiceAccount, type IConfigMap, type IService } from "kubernetes-models/v1";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { ROUTES } from "../../src/observability/http-routes.js";

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
  metadata: { name: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

/** The models kubernetes-models has for the kinds in deploy/; anything else must be checked by hand below. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/ServiceAccount": ServiceAccount,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
};

function build(): K8sObject[] {
  const out = execFileSync("kubectl", ["kustomize", join(root, "deploy")], { encoding: "utf8" });
  return parseAllDocuments(out).map((d) => d.toJS() as K8sObject);
}

describe.skipIf(!hasKubectl)(
  `deploy/ kustomize base${hasKubectl ? "" : " (SKIPPED: kubectl not found on PATH; install kubectl to run these)"}`,
  () => {
    const objects = hasKubectl ? build() : [];
    const one = <T>(kind: string) => {
      const found = objects.filter((o) => o.kind === kind);
      expect(found, kind).toHaveLength(1);
      return found[0] as unknown as T;
    };

    it("builds to exactly the expected objects", () => {
      expect(objects.map((o) => o.kind).sort()).toEqual(
        ["ConfigMap", "Deployment", "PodDisruptionBudget", "Role", "RoleBinding", "Service", "ServiceAccount", "ServiceMonitor"].sort(),
      );
    });

    it("validates every object whose kind kubernetes-models knows", () => {
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        if (object.kind === "ServiceMonitor") continue;
        expect(Model, `no model for ${object.apiVersion} ${object.kind}`).toBeDefined();
        expect(() => new Model!(object as never).validate(), `${object.kind}/${object.metadata.name}`).not.toThrow();
      }
    });

    it("renders no Secret and never puts a credential value in the Deployment", () => {
      expect(objects.filter((o) => o.kind === "Secret")).toEqual([]);
      const container = one<IDeployment>("Deployment").spec!.template.spec!.containers[0]!;
      for (const key of ["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "RECONCILE_SECRET"]) {
        const env = container.env?.find((e) => e.name === key);
        expect(env?.value, key).toBeUndefined();
        expect(env?.valueFrom?.secretKeyRef).toMatchObject({ name: "onboarding-bot-credentials", key });
      }
      expect(container.env?.find((e) => e.name === "RECONCILE_SECRET")?.valueFrom?.secretKeyRef?.optional).toBe(true);
    });

    it("runs two non-root replicas with a read-only root, no privilege escalation, no capabilities, RuntimeDefault seccomp", () => {
      const deployment = one<IDeployment>("Deployment");
      const pod = deployment.spec!.template.spec!;
      const container = pod.containers[0]!;
      expect(deployment.spec!.replicas).toBe(2);
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: "RuntimeDefault" } });
      expect(container.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"] },
      });
      expect(container.securityContext?.capabilities?.add).toBeUndefined();
      const tmp = container.volumeMounts?.find((m) => m.mountPath === "/tmp");
      expect(pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      expect(container.resources?.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
      expect(container.resources?.limits).toMatchObject({ memory: expect.any(String) });
    });

    it("probes the routes the app serves, on the named container port", () => {
      const container = one<IDeployment>("Deployment").spec!.template.spec!.containers[0]!;
      expect(container.livenessProbe?.httpGet).toEqual({ path: ROUTES.health, port: "http" });
      expect(container.readinessProbe?.httpGet).toEqual({ path: ROUTES.ready, port: "http" });
      expect(container.ports).toContainEqual({ name: "http", containerPort: 3000, protocol: "TCP" });
      expect(container.env?.find((e) => e.name === "HOST")?.value).toBe("0.0.0.0");
    });

    it("wires Service, ServiceMonitor and pods together by labels and port names", () => {
      const deployment = one<IDeployment>("Deployment");
      const podLabels = deployment.spec!.template.metadata!.labels!;
      const service = one<IService>("Service");
      for (const [k, v] of Object.entries(service.spec!.selector!)) expect(podLabels[k], k).toBe(v);
      const monitor = one<K8sObject & { spec: { selector: { matchLabels: Record<string, string> }; endpoints: Array<{ port: string; path: string }> } }>(
        "ServiceMonitor",
      );
      expect(monitor.apiVersion).toBe("monitoring.coreos.com/v1");
      for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) expect(service.metadata!.labels![k], k).toBe(v);
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: "http", path: ROUTES.metrics })]);
      expect(service.spec!.ports!.map((p) => p.name)).toContain("http");
    });

    it("lets the service account get/update only the sweeper Lease the app is configured to use", () => {
      const role = one<IRole>("Role");
      const config = one<IConfigMap>("ConfigMap");
      const leaseName = config.data?.SWEEP_LEASE_NAME;
      expect(leaseName).toBe("onboarding-bot-sweeper");
      expect(config.data).toMatchObject({ LOG_FORMAT: "json", SWEEP_INTERVAL_SECONDS: expect.stringMatching(/^\d+$/) });
      for (const rule of role.rules ?? []) {
        expect(rule.apiGroups).toEqual(["coordination.k8s.io"]);
        expect(rule.resources).toEqual(["leases"]);
        // `create` cannot be limited by name in Kubernetes RBAC; every other verb must be.
        if (rule.verbs.join() !== "create") expect(rule.resourceNames).toEqual([leaseName]);
      }
      expect((role.rules ?? []).flatMap((r) => r.verbs).sort()).toEqual(["create", "get", "update"]);
      const deployment = one<IDeployment>("Deployment");
      expect(deployment.spec!.template.spec!.serviceAccountName).toBe("onboarding-bot");
      expect(deployment.spec!.template.spec!.containers[0]!.envFrom).toEqual([{ configMapRef: { name: config.metadata!.name } }]);
    });
  },
);
