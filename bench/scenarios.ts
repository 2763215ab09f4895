// Whole-simulation benchmarks: a scenario record built in code, run through the real runner.
import { runScenario } from "../sim/scenario/runner.ts";
import type { Scenario } from "../sim/scenario/types.ts";
import { wallMs } from "./clock.ts";

/** CPU seconds (user + system) of this process since `from`. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
}

export function measure(s: Scenario) {
  const cpu0 = process.cpuUsage();
  const t0 = wallMs();
  const out = runScenario(s);
  const wall = (wallMs() - t0) / 1000;
  const cpu = cpuSeconds(cpu0);
  return {
    wallSeconds: Number(wall.toFixed(2)),
    cpuSeconds: Number(cpu.toFixed(2)),
    kernelEvents: out.kernelEvents,
    eventsPerSec: Math.round(out.kernelEvents / wall),
    /** Per CPU second: steadier than wall time on a shared machine (includes GC helper threads). */
    eventsPerCpuSec: Math.round(out.kernelEvents / cpu),
    traceEvents: out.result.events,
    simulatedSeconds: out.result.simulatedUs / 1e6,
    outcome: out.result.outcome,
    status: out.result.status,
    traceHash: out.result.traceHash,
    peakRssMiB: peakRssMiB(),
  };
}

/** Peak resident set size of this process so far (maxRSS is in KiB on Linux). */
export function peakRssMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** A small deterministic generator for building scenario text (mulberry32). */
export class BenchRandom {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }
}

/** The head of a benchmark scenario: cluster and `services` replicas, one overlay network each (a /24 fits). */
export function swarmBenchYaml(o: { name: string; description: string; durationS: number; managers: number; workers: number; services: number; replicas: number }): string[] {
  const lines = [`name: ${o.name}`, `description: ${o.description}`, "seed: 1", `duration: ${o.durationS}s`, `cluster: { managers: ${o.managers}, workers: ${o.workers} }`, "services:"];
  for (let i = 1; i <= o.services; i++) {
    lines.push(`  svc${i}:`, "    image: nginx:1.25", `    networks: [net${i}]`, `    deploy: { replicas: ${o.replicas} }`);
  }
  return lines;
}
