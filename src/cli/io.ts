/** The streams and working directory a CLI command uses, injected so tests can capture output. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
}

/** Exit codes shared by every command: 0 success, 1 the input is invalid, 2 usage or configuration error. */
export const EXIT_OK = 0;
export const EXIT_INVALID = 1;
export const EXIT_USAGE = 2;

/** A CLI command: receives its own arguments (after the command name) and returns the exit code. */
export type CliCommand = (argv: string[], io: CliIO) => Promise<number>;
