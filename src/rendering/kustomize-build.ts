import { execFile } from "node:child_process";
import { parseAllDocuments } from "yaml";

/**
 * Outcome of {@link kustomizeBuild}: the built objects, or kubectl's error: `error` names the command, `reason` is
 * kubectl's own message ({@link kubectlErrorText}).
 */
export type KustomizeBuildResult = { ok: true; objects: unknown[] } | { ok: false; error: string; reason: string };

/** A deprecation or other warning line kubectl prints before (or instead of) the error. */
const WARNING_LINE = /^(?:# )?Warning:/;
/** klog's wrapping of a failed command: `E1201 11:16:39.113160  8759 run.go:72] "command failed" err="..."`. */
const KLOG_ERROR = /^[EFW]\d{4} [\d:.]+\s+\d+ [\w.-]+:\d+\] "command failed" err=("(?:[^"\\]|\\.)*")\s*$/;

/**
 * kubectl's real error out of its stderr: warning lines (`# Warning: 'patchesStrategicMerge' is deprecated...`,
 * printed first by most real overlays) are dropped, and klog's `"command failed" err="..."` wrapping is unwrapped to
 * the message itself. Every remaining line is kept; when only warnings were printed, they are the message.
 */
export function kubectlErrorText(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((line) => line.trimEnd()).filter((line) => line !== "");
  const errors = lines.filter((line) => !WARNING_LINE.test(line));
  const unwrapped = errors.map((line) => {
    const m = KLOG_ERROR.exec(line);
    if (!m?.[1]) return line;
    try {
      return String(JSON.parse(m[1]));
    } catch {
      return line;
    }
  });
  return (unwrapped.length > 0 ? unwrapped : lines).join("\n");
}

/** How long one `kubectl kustomize` may run. */
export const KUSTOMIZE_TIMEOUT_MS = 30_000;

function run(args: string[], timeout: number): Promise<{ code: number | null; stdout: string; stderr: string; spawnError?: Error }> {
  return new Promise((resolve) => {
    execFile("kubectl", args, { timeout, maxBuffer: 64 * 1024 * 1024, encoding: "utf8", windowsHide: true }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException & { code?: unknown }).code === "number" ? Number(error.code) : null) : 0;
      resolve({ code, stdout, stderr, ...(error && code === null ? { spawnError: error } : {}) });
    });
  });
}

/**
 * Builds a kustomize directory with `kubectl kustomize DIR` (no shell; the directory is one argument; bounded by
 * {@link KUSTOMIZE_TIMEOUT_MS}) and parses the multi-document output. Failures, including a kubectl that is missing,
 * come back as `{ ok: false }` with kubectl's message.
 */
export async function kustomizeBuild(dir: string, timeout = KUSTOMIZE_TIMEOUT_MS): Promise<KustomizeBuildResult> {
  const result = await run(["kustomize", "--", dir], timeout);
  if (result.spawnError) return { ok: false, error: `kubectl kustomize ${dir}: ${result.spawnError.message}`, reason: result.spawnError.message };
  if (result.code !== 0) {
    const reason = kubectlErrorText(result.stderr) || `exit ${result.code}`;
    return { ok: false, error: `kubectl kustomize ${dir} failed: ${reason}`, reason };
  }
  const docs = parseAllDocuments(result.stdout);
  if (!Array.isArray(docs)) return { ok: true, objects: [] };
  const objects: unknown[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const reason = `output is not YAML: ${doc.errors[0]?.message ?? ""}`;
      return { ok: false, error: `kubectl kustomize ${dir}: ${reason}`, reason };
    }
    const value: unknown = doc.toJS();
    if (value !== null && value !== undefined) objects.push(value);
  }
  return { ok: true, objects };
}

let available: Promise<boolean> | undefined;

/** Whether `kubectl` can be run here (checked once per process with `kubectl version --client`). */
export function kubectlAvailable(): Promise<boolean> {
  available ??= run(["version", "--client"], 10_000).then((r) => r.code === 0);
  return available;
}
