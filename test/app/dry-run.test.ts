import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { APPS, SUPPORT } from "../helpers/world.js";
import { useWorlds } from "../helpers/use-world.js";

describe("dry-run", () => {
  const startWorld = useWorlds();

  for (const [how, options] of [
    ["the configuration's dryRun", { config: { dryRun: true } }],
    ["the DRY_RUN setting of the whole app", { app: { settings: { dryRun: true } } }],
  ] as const) {
    it(`with ${how}, shows the diff it would open in the status comment and writes nothing to the GitOps repository`, async () => {
      const world = await startWorld(options);
      const n = world.openRequest();
      await deliverAll(world.sim, world.probot);

      const gitopsWrites = world.sim.calls.filter((c) => c.method !== "GET" && c.path.startsWith(`/repos/${APPS}/`));
      expect(gitopsWrites).toEqual([]);
      expect(world.sim.pulls(APPS)).toHaveLength(0);
      expect(world.sim.branches(APPS)).toEqual(["main"]);
      const status = world.sim.comments(SUPPORT, n).find((c) => c.body.startsWith("<!-- onboarding-bot:status"));
      expect(status?.body).toContain("+++ b/cluster-scope/base/core/namespaces/astro-lab/namespace.yaml");
      expect(status?.body).toContain("+    - ../../../../base/core/namespaces/astro-lab");
      expect(status?.body).toContain("+  - ../../../base/user.openshift.io/groups/astro-lab");
    });
  }
});
