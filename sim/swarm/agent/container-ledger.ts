// What the node's container runtime holds, kept on the node's disk: a crash of the agent
// process does not erase it. On a host crash the containers die with the host; the restarted
// agent finds them in the ledger and reports them gone (container.state).
import type { Durable } from "../../kernel/host.ts";

export interface ContainerRecord {
  task: string;
  service: string;
  slot: number;
}

export class ContainerLedger implements Durable {
  readonly running = new Map<string, ContainerRecord>();

  onCrash(_loseUnsynced: boolean): void {
    // Written synchronously with the container's start/stop: nothing unsynced to lose.
  }
}

export const LEDGER_NAME = "swarm.containers";
