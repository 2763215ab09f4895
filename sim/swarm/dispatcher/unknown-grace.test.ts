// After a leader change, a node that does not re-register goes DOWN after twice the grace of a
// jittered heartbeat period, per node (SwarmKit's nodeStore.AddUnknown: 6 × 4.5–5.5 s).
import { describe, expect, it } from "vitest";
import { SEC } from "../../kernel/types.ts";
import { loadScenarioText } from "../../scenario/load.ts";
import { runScenario } from "../../scenario/runner.ts";
import { MSG_UNKNOWN, MSG_UNKNOWN_FAILURE } from "./dispatcher.ts";

const SCENARIO = `name: unknown-grace
duration: 3m
cluster: { managers: 3, workers: 4 }
timeline:
  - { at: 60s, crash: w1 }
  - { at: 60s, crash: w2 }
  - { at: 60s, crash: w3 }
  - { at: 60s, crash: w4 }
  - { at: 61s, crash: leader }
`;

describe("dispatcher: grace of nodes left UNKNOWN by a leader change", () => {
  it("takes each node DOWN 27–33 s after it was marked UNKNOWN, each with its own jitter", () => {
    const out = runScenario(loadScenarioText(SCENARIO, "unknown-grace.yml", ".").scenario, { record: true });
    const status = out.events!.filter((e) => e.type === "node.status") as { node: string; timeUs: number; status: string; message: string | null }[];
    const graces: number[] = [];
    for (const w of ["w1", "w2", "w3", "w4"]) {
      const down = status.find((e) => e.node === w && e.message === MSG_UNKNOWN_FAILURE);
      const unknown = status.filter((e) => e.node === w && e.message === MSG_UNKNOWN && e.timeUs > 61 * SEC).at(0);
      expect(unknown, `${w} marked unknown`).toBeDefined();
      expect(down, `${w} marked down`).toBeDefined();
      graces.push(down!.timeUs - unknown!.timeUs);
    }
    for (const g of graces) {
      expect(g).toBeGreaterThanOrEqual(27 * SEC);
      expect(g).toBeLessThanOrEqual(33 * SEC + 200_000); // + one batch of node writes
    }
    expect(new Set(graces).size).toBeGreaterThan(1);
  });
});
