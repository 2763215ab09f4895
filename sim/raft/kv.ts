// A replicated string map for Raft-only scenarios: put/get commands, deterministic apply,
// snapshot/restore by value. Reads through the log are commands too (apply returns the value).
import { assert } from "../kernel/assert.ts";
import type { LogIndex, Term } from "../kernel/types.ts";
import type { StateMachine } from "./api.ts";

export type KvCommand = { op: "put"; key: string; value: string } | { op: "get"; key: string };

export class KvStateMachine implements StateMachine {
  private data = new Map<string, string>();
  /** Last applied index (for tests and diagnostics). */
  appliedIndex: LogIndex = 0;

  apply(index: LogIndex, _term: Term, command: unknown): unknown {
    assert(index > this.appliedIndex, () => `kv: apply ${index} after ${this.appliedIndex}`);
    this.appliedIndex = index;
    const c = command as KvCommand;
    if (c.op === "put") {
      this.data.set(c.key, c.value);
      return c.value;
    }
    assert(c.op === "get", () => `kv: unknown command ${JSON.stringify(command)}`);
    return this.data.get(c.key) ?? null;
  }

  query(command: unknown): unknown {
    const c = command as KvCommand;
    return this.data.get(c.key) ?? null;
  }

  get(key: string): string | null {
    return this.data.get(key) ?? null;
  }

  get size(): number {
    return this.data.size;
  }

  /** [appliedIndex, [key, value]…] in insertion order (deterministic). */
  snapshot(): unknown {
    return { appliedIndex: this.appliedIndex, entries: [...this.data] };
  }

  restore(snap: unknown): void {
    const s = snap as { appliedIndex: LogIndex; entries: [string, string][] };
    this.data = new Map(s.entries);
    this.appliedIndex = s.appliedIndex;
  }
}
