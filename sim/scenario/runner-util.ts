// Small helpers the runner and the cluster share.
import type { NodeIx } from "../kernel/types.ts";
import type { World } from "../world/world.ts";
import type { TimelineEntry } from "./types.ts";

/** The node a docker command runs on: `on:` if given, else a live manager from the `ops` stream. */
export function commandNode(world: World, entry: TimelineEntry): NodeIx {
  if (entry.on !== null) {
    if (entry.on === "leader") return world.leader();
    return world.indexOf(entry.on);
  }
  const live = [...world.managers].sort((a, b) => a - b).filter((ix) => world.node(ix).state === "up");
  if (live.length === 0) return -1;
  return world.kernel.rng.stream("ops").pick(live);
}
