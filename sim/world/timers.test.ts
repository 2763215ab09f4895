// Host timers: resetTimer must order events exactly as cancelTimer + setTimer would.
import { describe, expect, it } from "vitest";
import type { Host, NodeProcess, TimerHandle } from "../kernel/host.ts";
import type { Fireable } from "../kernel/kernel.ts";
import { MS } from "../kernel/types.ts";
import type { SimNode } from "./node.ts";
import type { NodeSpec } from "./spec.ts";
import { World } from "./world.ts";

function spec(name: string): NodeSpec {
  return { name, role: "manager", labels: {}, engineLabels: {}, hostname: name, platform: { os: "linux", arch: "amd64" }, resources: { nanoCpus: 4e9, memoryBytes: 2 ** 30 } };
}

/** One node whose timers log "tag@timeUs"; `plan` runs at start with the host. */
function world(plan: (host: Host, at: (us: number, fn: () => void) => void) => void) {
  const w = new World({ seed: 1, record: false, nodes: [spec("m1")], network: { latency: { minUs: MS, maxUs: MS, tailP: 0, tailMeanUs: 0 }, loss: 0, duplicate: 0, reorder: 0 } });
  const log: string[] = [];
  const at = (us: number, fn: () => void) => w.kernel.at(us, { fire: fn } satisfies Fireable);
  w.start((node: SimNode): NodeProcess => ({
    start() {
      plan(node.host, at);
    },
    onMessage() {},
    onTimer(tag) {
      log.push(`${tag}@${w.kernel.now}`);
    },
  }));
  return { w, log, run: () => w.kernel.run(10_000_000, 10_000) };
}

/** The same script twice: with resetTimer, and with cancelTimer + setTimer. */
function both(script: (host: Host, at: (us: number, fn: () => void) => void, reset: (h: TimerHandle, us: number) => TimerHandle) => void) {
  const viaReset = world((host, at) => script(host, at, (h, us) => host.resetTimer!(h, us)));
  const viaCancel = world((host, at) =>
    script(host, at, (h, us) => {
      host.cancelTimer(h);
      return host.setTimer(us, (h as unknown as { tag: number }).tag);
    }),
  );
  viaReset.run();
  viaCancel.run();
  return { reset: viaReset, cancel: viaCancel };
}

describe("resetTimer", () => {
  it("moves a timer later: one fire, in the FIFO place a timer set at the reset would take", () => {
    const { reset, cancel } = both((host, at, rs) => {
      let a = host.setTimer(100, 1); // due 100
      at(10, () => host.setTimer(90, 2)); // due 100, queued before the reset
      at(20, () => {
        a = rs(a, 80); // due 100 again, but after timer 2
      });
      at(30, () => host.setTimer(70, 3)); // due 100, after the reset
      at(40, () => {
        a = rs(a, 200); // due 240
      });
    });
    expect(cancel.log).toEqual(["2@100", "3@100", "1@240"]);
    expect(reset.log).toEqual(cancel.log);
    // A cancelled timer leaves the queue at once and never pops; a moved one keeps its queue entry
    // (two resets, no new entry) and pops once at its old time as a no-op before firing at 240.
    expect(reset.w.kernel.fired).toBe(cancel.w.kernel.fired + 1);
    expect(reset.w.kernel.pending).toBe(0);
    expect(cancel.w.kernel.pending).toBe(0);
  });

  it("ties at the new due time break as for a timer set at the reset (before later ones, after earlier ones)", () => {
    const { reset, cancel } = both((host, at, rs) => {
      let a = host.setTimer(100, 1); // due 100
      at(10, () => host.setTimer(90, 2)); // due 100
      at(20, () => {
        a = rs(a, 80); // due 100: now after timer 2
      });
      at(30, () => host.setTimer(70, 3)); // due 100: after timer 1
    });
    expect(cancel.log).toEqual(["2@100", "1@100", "3@100"]);
    expect(reset.log).toEqual(cancel.log);
  });

  it("moves a timer earlier by queueing a new one and cancelling the old", () => {
    const { reset, cancel } = both((host, at, rs) => {
      let a = host.setTimer(500, 1);
      at(10, () => {
        a = rs(a, 50);
      });
      at(20, () => host.setTimer(40, 2)); // due 60
    });
    expect(cancel.log).toEqual(["1@60", "2@60"]);
    expect(reset.log).toEqual(cancel.log);
  });

  it("revives a timer that already fired or was cancelled, like setTimer", () => {
    const { reset, cancel } = both((host, at, rs) => {
      let a = host.setTimer(10, 1);
      const b = host.setTimer(15, 2);
      at(12, () => host.cancelTimer(b));
      at(20, () => {
        a = rs(a, 10); // fired at 10: set again, due 30
      });
      at(25, () => {
        rs(b, 1); // cancelled: set again, due 26
      });
    });
    expect(cancel.log).toEqual(["1@10", "2@26", "1@30"]);
    expect(reset.log).toEqual(cancel.log);
  });

  it("keeps a moved timer from firing after a crash", () => {
    const r = world((host, at) => {
      let a = host.setTimer(100, 1);
      at(20, () => {
        a = host.resetTimer!(a, 200);
      });
    });
    r.w.kernel.at(150, { fire: () => r.w.crash(0, false, 0) });
    r.run();
    expect(r.log).toEqual([]);
  });
});
