import { parseArgs, type ParseArgsConfig } from "node:util";
import { EXIT_OK, EXIT_USAGE, type CliIO } from "./io.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** What {@link parseCommandArgs} read: option values by name, and the positional arguments. */
export interface CommandArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Reads a command's arguments strictly (unknown options are errors) with `--help`/`-h` built in. Returns the
 * arguments, or the exit code to return at once: 0 after printing the usage for `--help`, 2 after printing what
 * is wrong and the usage to stderr.
 */
export function parseCommandArgs(command: string, argv: string[], io: CliIO, options: Options, usage: string): CommandArgs | number {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.stdout.write(usage);
      return EXIT_OK;
    }
    return { values: values as CommandArgs["values"], positionals };
  } catch (error) {
    io.stderr.write(`onboarding-bot ${command}: ${describeArgsError(error, options)}\n${usage}`);
    return EXIT_USAGE;
  }
}

/** The options a command accepts, as `--name` (and `-x`) for messages. */
function optionList(options: Options): string {
  const names = Object.entries(options).map(([name, o]) => `--${name}${o.type === "string" ? " VALUE" : ""}`);
  return [...names, "--help"].join(", ");
}

/**
 * Turns `node:util` `parseArgs` errors into one line that says what is wrong and what would be right, instead of
 * Node's text (which suggests `--` quoting, meaningless here).
 */
export function describeArgsError(error: unknown, options: Options): string {
  const { code, message } = error as { code?: string; message?: string };
  const option = /'(-[^' <]+)/.exec(message ?? "")?.[1] ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `Unknown option '${option}'; this command accepts ${optionList(options)}`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(message ?? "")
        ? `option '${option}' needs a value, e.g. ${option} VALUE`
        : `option '${option}' takes no value; write ${option} alone`;
    default:
      return (message ?? "invalid arguments").split(".")[0] ?? "invalid arguments";
  }
}

/** Prints a usage error for `command` and returns the usage exit code. */
export function usageError(command: string, io: CliIO, why: string, usage: string): number {
  io.stderr.write(`onboarding-bot ${command}: ${why}\n${usage}`);
  return EXIT_USAGE;
}
