// Generators produce valid scenarios: what a YAML file loads into (round trip through toYaml and
// the loader), with a sorted timeline, parseable commands, the fault families asked for, and a
// phase 2 that heals what phase 1 broke.
import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { SEC } from "../kernel/types.ts";
import { parseDockerCommand } from "../scenario/docker-cli.ts";
import { loadScenarioText } from "../scenario/load.ts";
import { toYaml } from "../scenario/to-yaml.ts";
import type { Scenario } from "../scenario/types.ts";
import { families, parseClusterShape, raftProfile, swarmProfile } from "./options.ts";
import { fixedClusterArb, generatedArb } from "./scenario.ts";
import { shrinkGenerated } from "./shrink.ts";
import { generateWithSeed } from "./source.ts";
import { HEAL_GAP_US } from "./timeline.ts";

const swarm = generatedArb(swarmProfile());
const raft3 = generatedArb(raftProfile(3));

function healAt(s: Scenario): number {
  return s.durationUs - (s.expect.convergeUs ?? 0) - swarmProfile().settleMarginUs;
}

describe("generated scenarios", () => {
  test.prop([swarm], { seed: 101, numRuns: 60 })("round-trip through toYaml and the loader unchanged", (g) => {
    const back = loadScenarioText(toYaml(g.scenario), "generated.yml", ".");
    expect(back.warnings).toEqual([]);
    expect(back.scenario).toEqual(g.scenario);
  });

  test.prop([raft3], { seed: 102, numRuns: 40 })("Raft-only: 3 managers, a workload, no services or operations", (g) => {
    const s = g.scenario;
    expect(s.nodes.map((n) => n.name)).toEqual(["m1", "m2", "m3"]);
    expect(s.services).toEqual([]);
    expect(s.workload).not.toBeNull();
    expect(s.timeline.every((e) => e.action.kind !== "run")).toBe(true);
    const back = loadScenarioText(toYaml(s), "raft.yml", ".");
    expect(back.scenario).toEqual(s);
  });

  test.prop([swarm], { seed: 103, numRuns: 80 })("timeline: sorted, bounded, commands parse to their op", (g) => {
    const s = g.scenario;
    const o = swarmProfile();
    expect(g.faultEntries).toBeLessThanOrEqual(o.maxEntries);
    for (let i = 1; i < s.timeline.length; i++) expect(s.timeline[i].atUs).toBeGreaterThanOrEqual(s.timeline[i - 1].atUs);
    const names = s.services.map((x) => x.name);
    for (const e of s.timeline) {
      if (e.action.kind !== "run") continue;
      expect(parseDockerCommand(e.action.command, { services: names, nodes: s.nodes.map((n) => n.name) })).toEqual(e.action.op);
    }
    const m = s.nodes.filter((n) => n.role === "manager").length;
    expect(m).toBeGreaterThanOrEqual(1);
    expect(m).toBeLessThanOrEqual(7);
    expect(s.nodes.length - m).toBeLessThanOrEqual(20);
    expect(s.services.length).toBeGreaterThanOrEqual(1);
    expect(s.services.length).toBeLessThanOrEqual(5);
  });

  test.prop([swarm], { seed: 104, numRuns: 80 })("phase 2 heals what phase 1 broke, with room to converge", (g) => {
    const s = g.scenario;
    const phase1 = s.timeline.slice(0, g.faultEntries);
    const phase2 = s.timeline.slice(g.faultEntries);
    const heal = healAt(s);
    for (const e of phase2) expect(e.atUs).toBe(heal);
    for (const e of phase1) {
      expect(e.atUs).toBeLessThanOrEqual(heal - HEAL_GAP_US);
      const a = e.action;
      if (a.kind === "loss" || a.kind === "duplicate" || a.kind === "delay") expect(e.atUs + a.forUs).toBeLessThanOrEqual(heal - HEAL_GAP_US);
    }
    const kinds = (es: typeof phase1) => new Set(es.map((e) => e.action.kind));
    const k1 = kinds(phase1);
    const k2 = kinds(phase2);
    expect(k2.has("restart")).toBe(k1.has("crash"));
    expect(k2.has("resume")).toBe(k1.has("pause"));
    expect(k2.has("skew")).toBe(k1.has("skew"));
    // Every skewed clock is reset in phase 2.
    const skewed = new Set(phase1.flatMap((e) => (e.action.kind === "skew" ? [e.action.target] : [])));
    const reset = new Set(phase2.flatMap((e) => (e.action.kind === "skew" && e.action.offsetUs === 0 && e.action.driftPpm === 0 ? [e.action.target] : [])));
    expect(reset).toEqual(skewed);
    expect(s.durationUs).toBe(heal + (s.expect.convergeUs ?? 0) + swarmProfile().settleMarginUs);
  });

  it("--faults restricts the families drawn", () => {
    const arb = generatedArb(swarmProfile({ families: families("crash,skew"), ops: false }));
    const seen = new Set<string>();
    for (const g of fc.sample(arb, { seed: 5, numRuns: 150 })) for (const e of g.scenario.timeline) seen.add(e.action.kind);
    expect([...seen].sort()).toEqual(["crash", "restart", "skew"]);
    expect(() => families("crash,meteor")).toThrow(/unknown fault kind 'meteor'/);
  });

  it("draws every fault kind and operation verb over a sample", () => {
    const arb = generatedArb(swarmProfile({ families: families("crash,pause,remove,partition,loss,duplicate,delay,skew") }));
    const kinds = new Set<string>();
    const verbs = new Set<string>();
    const shapes = new Set<string>();
    for (const g of fc.sample(arb, { seed: 6, numRuns: 400 })) {
      for (const e of g.scenario.timeline) {
        kinds.add(e.action.kind);
        if (e.action.kind === "run") verbs.add(e.action.op.verb);
        if (e.action.kind === "partition") {
          const p = e.action.partition;
          shapes.add("groups" in p ? "groups" : "blocked" in p ? "blocked" : p.shape);
        }
      }
    }
    expect([...kinds].sort()).toEqual(["crash", "delay", "duplicate", "heal", "loss", "partition", "pause", "remove", "restart", "resume", "run", "skew"]);
    expect([...shapes].sort()).toEqual(["blocked", "bridge", "groups", "halves", "isolate", "isolate-leader", "majority-ring", "random"]);
    for (const v of ["service.scale", "service.update", "service.rollback", "service.rm", "service.create", "node.update", "node.promote", "node.demote"]) expect(verbs).toContain(v);
  });

  it("swarm testing: runs draw different fault mixes", () => {
    const mixes = new Set(fc.sample(swarm, { seed: 7, numRuns: 60 }).map((g) => JSON.stringify(g.mix.weights)));
    expect(mixes.size).toBeGreaterThan(30);
  });

  it("a fixed cluster keeps the user's nodes, services and floors", () => {
    const base = generateWithSeed(swarm, 9).scenario;
    const withFloor = { ...base, expect: { ...base.expect, minRunning: [{ service: base.services[0].name, min: 1, whileDownAtMost: 1, graceUs: 30 * SEC }] } };
    for (const g of fc.sample(fixedClusterArb(withFloor, swarmProfile({ name: "mine" })), { seed: 8, numRuns: 30 })) {
      expect(g.scenario.nodes).toEqual(base.nodes);
      expect(g.scenario.services).toEqual(base.services);
      expect(g.scenario.expect.minRunning).toEqual(withFloor.expect.minRunning);
      expect(g.scenario.name).toBe("mine");
      const names = base.services.map((x) => x.name);
      for (const e of g.scenario.timeline) {
        if (e.action.kind !== "run") continue;
        const op = e.action.op;
        if (op.verb === "service.scale") expect(names).toContain(op.scales[0].service);
        if (op.verb === "service.update") expect(names).toContain(op.service);
      }
    }
  });

  it("generateWithSeed is deterministic and varies with the seed", () => {
    expect(generateWithSeed(swarm, 42)).toEqual(generateWithSeed(swarm, 42));
    expect(generateWithSeed(swarm, 42)).not.toEqual(generateWithSeed(swarm, 43));
  });

  it("--cluster shapes parse", () => {
    expect(parseClusterShape("3+5")).toEqual({ managers: 3, workers: 5 });
    expect(() => parseClusterShape("3x5")).toThrow(/M\+W/);
    expect(() => parseClusterShape("9+1")).toThrow(/1 to 7 managers/);
  });
});

describe("shrinking", () => {
  // A planted failure: any crash together with a partition. Shrinking must strip everything else.
  const planted = (s: Scenario) => s.timeline.some((e) => e.action.kind === "crash") && s.timeline.some((e) => e.action.kind === "partition");

  it("a planted failure shrinks to at most 5 entries on the smallest cluster", () => {
    const arb = generatedArb(swarmProfile({ maxEntries: 12 }));
    let checked = 0;
    for (let seed = 1; checked < 5 && seed < 400; seed++) {
      if (!planted(generateWithSeed(arb, seed).scenario)) continue;
      checked++;
      const s = shrinkGenerated(arb, seed, (g) => planted(g.scenario), 2_000);
      expect(s).not.toBeNull();
      const small = s!.value.scenario;
      expect(planted(small)).toBe(true);
      // crash + partition, then phase 2: heal + restart all.
      expect(small.timeline.length).toBeLessThanOrEqual(5);
      expect(small.nodes.length).toBe(1);
      expect(small.services.length).toBe(1);
      expect(small.timeline[0].atUs).toBe(0);
    }
    expect(checked).toBe(5);
  });

  it("is deterministic and respects its budget", () => {
    const arb = generatedArb(swarmProfile());
    const seed = [...Array(200).keys()].find((k) => planted(generateWithSeed(arb, k).scenario))!;
    const a = shrinkGenerated(arb, seed, (g) => planted(g.scenario), 30);
    const b = shrinkGenerated(arb, seed, (g) => planted(g.scenario), 30);
    expect(a).toEqual(b);
    expect(a!.tries).toBeLessThanOrEqual(30);
    expect(shrinkGenerated(arb, seed, () => false)).toBeNull();
  });
});
