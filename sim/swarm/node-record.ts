// What a node remembers about its swarm membership across restarts (on its disk).
import type { Durable } from "../kernel/host.ts";
import type { Role } from "../world/spec.ts";

export class NodeRecord implements Durable {
  constructor(
    public joined: boolean,
    public role: Role,
  ) {}

  onCrash(_loseUnsynced: boolean): void {
    // Written synchronously (like the daemon's state file): nothing to lose.
  }
}

export const NODE_RECORD = "swarm.node";
