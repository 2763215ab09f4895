import { describe, expect, it } from "vitest";
import { Kernel } from "../../kernel/kernel.ts";
import type { Host } from "../../kernel/host.ts";
import { serviceSpec } from "../testing/fixtures.ts";
import { StoreEventGate } from "../store-events.ts";
import { serviceObjFromSpec } from "./bootstrap.ts";
import { SwarmStore } from "./store.ts";
import { newTask, withState } from "./task-ops.ts";
import { StoreTraceEmitter } from "./tracer.ts";
import { Tx } from "./tx.ts";

function fakeHost(kernel: Kernel): Host {
  return { id: 0, name: "m1", trace: kernel.trace, indexOf: (n: string) => (n === "w1" ? 1 : -1) } as unknown as Host;
}

describe("SwarmStore", () => {
  it("applies batches, indexes tasks, snapshots and restores, and traces each index once", () => {
    const kernel = new Kernel({ seed: 1, record: true, nodeNames: ["m1", "w1"] });
    const gate = new StoreEventGate();
    const a = new SwarmStore(null);
    const b = new SwarmStore(null);
    a.setTracer(new StoreTraceEmitter(fakeHost(kernel), gate));
    b.setTracer(new StoreTraceEmitter(fakeHost(kernel), gate));
    const tx = new Tx(a, 10);
    const svc = serviceObjFromSpec(serviceSpec("web", { replicas: 2 }));
    tx.putService(svc);
    const t1 = newTask(tx, svc, 1, null, "running");
    const t2 = newTask(tx, svc, 1, null, "running");
    tx.putTask(t1);
    tx.putTask({ ...withState(t2, "assigned", "x", null, 10), nodeId: "w1" });
    expect(tx.tasksOfSlot("web", 1, null).map((t) => t.id)).toEqual(["web.1.1", "web.1.2"]);
    expect(tx.tasksOfNode("w1").map((t) => t.id)).toEqual(["web.1.2"]);
    const cmd = tx.command();
    a.apply(1, 1, cmd);
    b.apply(1, 1, cmd);
    expect(kernel.trace.recorded.filter((e) => e.type === "task.state").length).toBe(2);
    expect(kernel.trace.recorded.find((e) => e.type === "task.state" && e.node === "w1")).toBeDefined();
    expect([...a.index.ofService("web")]).toEqual(["web.1.1", "web.1.2"]);
    expect(a.nextSeq("web\n1")).toBe(3);
    const c = new SwarmStore(null);
    c.restore(a.snapshot());
    expect([...c.index.ofNode("w1")]).toEqual(["web.1.2"]);
    expect(c.nextSeq("web\n1")).toBe(3);
    const tx2 = new Tx(c, 20);
    tx2.delTask("web.1.1");
    c.apply(2, 1, tx2.command());
    expect([...c.index.ofSlot("web", 1, null)]).toEqual(["web.1.2"]);
    expect(() => withState(c.tasks.get("web.1.2")!, "new", "back", null, 0)).toThrow(/moves backwards/);
  });
});
