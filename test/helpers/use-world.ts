import { afterEach, beforeEach } from "vitest";
import { expectNoViolations } from "../harness/index.js";
import { createWorld, type World } from "./world.js";

/**
 * A fresh simulated world for each test of the enclosing `describe`, checked for requests GitHub's REST
 * description does not allow and closed after each test. The returned object always points at the current test's
 * world, so tests use it like a `World`.
 */
export function useWorld(options: Parameters<typeof createWorld>[0] = {}, setup?: (world: World) => void): World {
  let current: World | undefined;
  beforeEach(async () => {
    current = await createWorld(options);
    setup?.(current);
  });
  afterEach(async () => {
    if (!current) return;
    const world = current;
    current = undefined;
    try {
      expectNoViolations(world.sim);
    } finally {
      await world.close();
    }
  });
  const get = (): World => {
    if (!current) throw new Error("useWorld: the world exists only inside a test");
    return current;
  };
  return {
    get sim() {
      return get().sim;
    },
    get probot() {
      return get().probot;
    },
    get handles() {
      return get().handles;
    },
    openRequest: (...args) => get().openRequest(...args),
    close: () => get().close(),
  };
}

/**
 * Checks and closes, after each test, every world handed to the returned function during that test (the function
 * returns the world it is given). The one place that tears simulated worlds down.
 */
export function useWorldCleanup(): <W extends World>(world: W) => W {
  let open: World[] = [];
  afterEach(async () => {
    const worlds = open;
    open = [];
    try {
      for (const world of worlds) expectNoViolations(world.sim);
    } finally {
      await Promise.all(worlds.map((world) => world.close()));
    }
  });
  return (world) => {
    open.push(world);
    return world;
  };
}

/** Starts worlds inside tests, each with that test's options; every one is checked and closed after the test. */
export function useWorlds(): (options?: Parameters<typeof createWorld>[0]) => Promise<World> {
  const track = useWorldCleanup();
  return async (options = {}) => track(await createWorld(options));
}
