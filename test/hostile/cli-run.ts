import { main } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `onboarding-bot <argv>` in-process with captured output, the way the binary would. */
export async function runCli(argv: string[], cwd: string): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The `<field>:` problem lines of a validate/render run's output. */
export function problemFields(output: string): string[] {
  return output
    .split("\n")
    .map((line) => /^([a-z_]+): /.exec(line)?.[1])
    .filter((f): f is string => f !== undefined);
}
