// An unschedulable task carries SwarmKit's "no suitable node (…)" in the store, in the trace
// (task.state, even though its state stays pending) and in `final`; svc.convergence treats that
// replica as missing by design.
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../scenario/load.ts";
import { runScenario } from "../scenario/runner.ts";

const YAML = `
name: unplaceable
duration: 5m
cluster: { managers: 1 }
services:
  web:
    image: nginx
    deploy: { replicas: 1, placement: { constraints: [node.role==worker] } }
  api:
    image: nginx
    deploy: { replicas: 2, placement: { max_replicas_per_node: 1 } }
expect: { outcome: pass, disable: [warn.spof-managers] }
`;

describe("unschedulable tasks", () => {
  it("trace and report SwarmKit's error and do not count as non-convergence", () => {
    const { scenario } = loadScenarioText(YAML, "unplaceable.yml", ".");
    const out = runScenario(scenario, { record: true });
    expect(out.result.outcome).toBe("pass");
    const errors = (out.events ?? []).filter((e) => e.type === "task.state" && e.error !== null).map((e) => (e as { task: string; error: string }).error);
    expect(errors).toEqual(["no suitable node (scheduling constraints not satisfied on 1 node)", "no suitable node (max replicas per node limit exceed)"]);
    const pending = out.result.final.tasks.filter((t) => t.state === "pending");
    expect(pending.map((t) => [t.service, t.slot, t.error])).toEqual([
      ["unplaceable_web", 1, "no suitable node (scheduling constraints not satisfied on 1 node)"],
      ["unplaceable_api", 2, "no suitable node (max replicas per node limit exceed)"],
    ]);
  });
});
