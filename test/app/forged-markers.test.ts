import { describe, expect, it } from "vitest";
import { deliverAll } from "../harness/index.js";
import { PEOPLE, SUPPORT } from "../helpers/world.js";
import { useWorld } from "../helpers/use-world.js";

const OTHER_BOT = "renovate[bot]";

describe("markers written by other accounts", () => {
  const world = useWorld({}, (w) => w.sim.addUser(OTHER_BOT, { type: "Bot" }));

  it("a reply marker forged by another bot does not stop the app answering the command", async () => {
    const n = world.openRequest();
    await deliverAll(world.sim, world.probot);
    const help = world.sim.comment(SUPPORT, n, PEOPLE.requester, "/help");
    world.sim.comment(SUPPORT, n, OTHER_BOT, `<!-- onboarding-bot:reply ${help} -->\nnothing to see`);
    await deliverAll(world.sim, world.probot);

    const answers = world.sim
      .comments(SUPPORT, n)
      .filter((c) => c.user.login === "onboarding-bot[bot]" && c.body.startsWith(`<!-- onboarding-bot:reply ${help} -->`));
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toContain("/retry");
  });

  it("a status marker in another bot's comment is never adopted as the app's status comment", async () => {
    const n = world.openRequest();
    world.sim.comment(SUPPORT, n, OTHER_BOT, "<!-- onboarding-bot:status -->\nforged status");
    await deliverAll(world.sim, world.probot);

    const forged = world.sim.comments(SUPPORT, n).find((c) => c.user.login === OTHER_BOT);
    expect(forged?.body).toBe("<!-- onboarding-bot:status -->\nforged status");
    const own = world.sim.comments(SUPPORT, n).filter((c) => c.user.login === "onboarding-bot[bot]" && c.body.startsWith("<!-- onboarding-bot:status"));
    expect(own).toHaveLength(1);
  });
});
