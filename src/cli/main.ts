import { EXIT_USAGE, type CliCommand, type CliIO } from "./io.js";

interface CommandEntry {
  summary: string;
  load: () => Promise<CliCommand>;
}

/** Every `onboarding-bot` sub-command, loaded lazily so `--help` stays fast. */
export const COMMANDS: Record<string, CommandEntry> = {
  parse: {
    summary: "parse BODY.md                 print the request in an issue body as JSON",
    load: async () => (await import("./commands/parse.js")).run,
  },
  validate: {
    summary: "validate FILE --config CFG [--gitops DIR] [--json]   check a request (issue body, JSON or YAML)",
    load: async () => (await import("./commands/validate.js")).run,
  },
  form: {
    summary: "form --config CFG             print the issue form with clusters and tiers from the configuration",
    load: async () => (await import("./commands/form.js")).run,
  },
  render: {
    summary: "render FILE --config CFG --gitops DIR [--issue-url URL] [--dry-run]   write the tenant into a checkout",
    load: async () => (await import("./commands/render.js")).run,
  },
  "render-change": {
    summary: "render-change KIND FILE --config CFG --gitops DIR [--dry-run]   write a tenant's change (members, quota, namespace, cluster, offboard)",
    load: async () => (await import("./commands/render-change.js")).run,
  },
  reconcile: {
    summary: "reconcile [--base-url URL] [--dry-run]   run one reconciliation sweep (APP_ID, PRIVATE_KEY from env)",
    load: async () => (await import("./commands/reconcile.js")).run,
  },
  serve: {
    summary: "serve                         run the GitHub App server until SIGTERM/SIGINT (the container's command)",
    load: async () => (await import("./commands/serve.js")).run,
  },
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  onboarding-bot ${c.summary}`);
  return ["Usage:", ...lines, "", "Exit codes: 0 ok, 1 invalid request, 2 usage or configuration error, 3 GitHub unreachable (reconcile).", ""].join("\n");
}

/** Entry point of the `onboarding-bot` command line. Returns the process exit code. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`onboarding-bot: unknown command '${name}'\n${usage()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  return command(rest, io);
}
