import { describe, expect, it } from "vitest";
import { deployedNodeFlags } from "../../bench/compiled-app.js";

describe("deployedNodeFlags (the burst benchmark runs the app with the container's node flags)", () => {
  it("takes the arguments between node and bin/onboarding-bot.js of the exec-form ENTRYPOINT", () => {
    const dockerfile = 'FROM node:24\n# ENTRYPOINT ["node", "--commented-out"]\nENTRYPOINT ["node", "--a=1", "--b", "bin/onboarding-bot.js"]\nCMD ["serve"]\n';
    expect(deployedNodeFlags(dockerfile)).toEqual(["--a=1", "--b"]);
    expect(deployedNodeFlags('ENTRYPOINT ["node", "bin/onboarding-bot.js"]')).toEqual([]);
  });

  it("refuses a shell-form or foreign ENTRYPOINT, naming what it found and what it expects", () => {
    expect(() => deployedNodeFlags("ENTRYPOINT node bin/onboarding-bot.js")).toThrow(/ENTRYPOINT is ENTRYPOINT node bin\/onboarding-bot.js; expected the exec form/);
    expect(() => deployedNodeFlags('ENTRYPOINT ["npm", "start"]')).toThrow(
      'bench: the Dockerfile\'s ENTRYPOINT is ENTRYPOINT ["npm", "start"]; expected the exec form ["node", ...flags, "bin/onboarding-bot.js"]',
    );
    expect(() => deployedNodeFlags("FROM node:24\n")).toThrow(/ENTRYPOINT is missing/);
  });
});
