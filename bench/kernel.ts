// `kernel`: events/s of a ping-pong model (5 nodes; each handler schedules one follow-up to a
// random node after a random delay) through the real kernel, beside the same model on a minimal
// heap-over-typed-arrays loop written here, in the same process. Goal: ratio ≥ 0.5.
import seedrandom from "seedrandom";
import { T } from "../sim/kernel/events.ts";
import { Kernel } from "../sim/kernel/kernel.ts";
import { wallMs } from "./clock.ts";

const NODES = 5;

function realKernel(events: number, traced: boolean): number {
  const names = ["n1", "n2", "n3", "n4", "n5"];
  const k = new Kernel({ seed: 1, record: false, nodeNames: names });
  const rng = k.rng.stream("bench");
  const code = T["msg.deliver"];
  class Ping {
    constructor(readonly node: number) {}
    fire(): void {
      if (traced) k.trace.emit(code, this.node, k.fired, "n1", "n2", "ping");
      k.after(rng.int(1, 1000), nodes[rng.int(0, NODES)]);
    }
  }
  const nodes = Array.from({ length: NODES }, (_, i) => new Ping(i));
  for (const n of nodes) k.at(0, n);
  const t0 = wallMs();
  k.run(Number.MAX_SAFE_INTEGER, events);
  return events / ((wallMs() - t0) / 1000);
}

function minimalLoop(events: number): number {
  const prng = seedrandom.alea("bench");
  const cap = 1024;
  const time = new Float64Array(cap);
  const seq = new Float64Array(cap);
  const node = new Int32Array(cap);
  let n = 0;
  let s = 0;
  const push = (t: number, v: number) => {
    let i = n++;
    const q = s++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (time[p] < t || (time[p] === t && seq[p] < q)) break;
      time[i] = time[p];
      seq[i] = seq[p];
      node[i] = node[p];
      i = p;
    }
    time[i] = t;
    seq[i] = q;
    node[i] = v;
  };
  const pop = () => {
    const top = node[0];
    const last = --n;
    const t = time[last];
    const q = seq[last];
    const v = node[last];
    let i = 0;
    while (2 * i + 1 < last) {
      let c = 2 * i + 1;
      if (c + 1 < last && (time[c + 1] < time[c] || (time[c + 1] === time[c] && seq[c + 1] < seq[c]))) c++;
      if (t < time[c] || (t === time[c] && q < seq[c])) break;
      time[i] = time[c];
      seq[i] = seq[c];
      node[i] = node[c];
      i = c;
    }
    time[i] = t;
    seq[i] = q;
    node[i] = v;
    return top;
  };
  for (let i = 0; i < NODES; i++) push(0, i);
  let now = 0;
  let sink = 0;
  const t0 = wallMs();
  for (let e = 0; e < events; e++) {
    now = time[0];
    sink += pop();
    push(now + 1 + Math.floor(prng() * 999), Math.floor(prng() * NODES));
  }
  const rate = events / ((wallMs() - t0) / 1000);
  if (sink < 0) console.log(sink);
  return rate;
}

export function benchKernel(events = 5_000_000) {
  // Warm both paths first so the JIT treats them alike.
  realKernel(200_000, false);
  minimalLoop(200_000);
  const minimal = minimalLoop(events);
  const kernel = realKernel(events, false);
  const kernelTraced = realKernel(events, true);
  return {
    eventsPerSec: Math.round(kernel),
    minimalLoopEventsPerSec: Math.round(minimal),
    ratio: Number((kernel / minimal).toFixed(3)),
    goalRatio: 0.5,
    withTraceHashEventsPerSec: Math.round(kernelTraced),
    events,
  };
}
