import { APPS, PEOPLE } from "../../test/helpers/world.js";
import { settle, startBenchWorld } from "../bench-world.js";
import { clusterNames, generateGitopsTree } from "../gitops-tree.js";
import { atMost, figure, note } from "../report.js";
import { median } from "../stats.js";

const COMMENTS = 20;

/**
 * Figure 9: what an outsider's refused command costs. One request is published (its run fills the role cache),
 * then an outsider comments `/approve` on its pull request 20 times, one after another and then 20 times at once;
 * every GitHub call the app makes for them is counted, reaction included, and the bot's replies.
 */
export async function outsiderCost(): Promise<void> {
  const world = await startBenchWorld({ clusters: clusterNames(1), files: generateGitopsTree({ clusters: 1, namespaces: 10 }) });
  try {
    const o = await world.onboard(world.values(1));
    const pull = (await world.sim.pulls(APPS)).find((p) => p.body?.includes(`#${o.number}`));
    if (!pull) throw new Error("bench: outsider: the request opened no pull request");
    const perComment: number[] = [];
    for (let i = 0; i < COMMENTS; i++) {
      await world.sim.comment(APPS, pull.number, PEOPLE.outsider, "/approve");
      await world.sim.resetCalls();
      await settle(world.sim, world.app);
      perComment.push((await world.sim.calls()).length);
    }
    for (let i = 0; i < COMMENTS; i++) await world.sim.comment(APPS, pull.number, PEOPLE.outsider, "/approve");
    await world.sim.resetCalls();
    await settle(world.sim, world.app);
    const burst = (await world.sim.calls()).length;
    const replies = (await world.sim.comments(APPS, pull.number)).filter((c) => c.user.type === "Bot" && c.body.includes("/approve is only for approvers"));
    const worst = Math.max(...perComment);
    figure(`calls per outsider /approve, ${COMMENTS} one after another (median / worst)`, `${median(perComment)} / ${worst}`, "calls", atMost(2, "", worst));
    figure(`calls for ${COMMENTS} outsider /approve at once`, burst / COMMENTS, `calls each (${burst} in all)`, atMost(2, "", burst / COMMENTS));
    figure(`bot replies to ${2 * COMMENTS} outsider /approve`, replies.length, "replies", atMost(1, "", replies.length));
    note("before (main at d4a0d56, measured the same way): 17 / 17 calls per comment, 17 each at once (340 in all), 40 replies: every command comment ran a full reconcile and got its own reply");
  } finally {
    await world.close();
  }
}
