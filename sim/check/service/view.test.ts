import { describe, expect, it } from "vitest";
import { ClusterView, slotOf } from "./view.ts";

describe("ClusterView task views", () => {
  it("hold their service's and slot's views, the ones the view keeps by name and key", () => {
    const v = new ClusterView(["m1"]);
    const rep = v.newTask("web.1.1", "web", 1, null, 1);
    const glob = v.newTask("mon.w1.1", "mon", 0, "w1", 2);
    expect(rep.svc).toBe(v.service("web"));
    expect(rep.slotView).toBe(slotOf(v.service("web"), 1));
    expect(glob.svc).toBe(v.service("mon"));
    expect(glob.slotView).toBe(slotOf(v.service("mon"), "w1"));
    // A later task of the same slot shares its slot view, which indexes both.
    v.applyTask(rep, "w2", "running", "running", null, 3, 10);
    const next = v.newTask("web.1.2", "web", 1, null, 4);
    expect(next.slotView).toBe(rep.slotView);
    v.applyTask(next, null, "pending", "running", null, 5, 20);
    expect(rep.slotView.runnable).toEqual([rep, next]);
    expect(rep.slotView.newest).toBe(next);
    v.applyTask(rep, null, "shutdown", "shutdown", null, 6, 30);
    expect(next.slotView.runnable).toEqual([next]);
  });
});
