// Reads a trace file (CONTRACT.md "Trace (JSON Lines)"): a meta line, then one event per line.
import { assert } from "../sim/kernel/assert.ts";
import type { TraceEvent, TraceMeta } from "./types.ts";

/** Parses a JSON Lines trace. Throws with the 1-based line number on malformed input. */
export function readTraceJsonl(text: string): { meta: TraceMeta; events: TraceEvent[] } {
  const lines = text.split("\n");
  let meta: TraceMeta | null = null;
  const events: TraceEvent[] = [];
  let lastSeq = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new Error(`trace line ${i + 1}: not JSON (${(err as Error).message})`);
    }
    assert(typeof value === "object" && value !== null && !Array.isArray(value), `trace line ${i + 1}: not an object`);
    const rec = value as Record<string, unknown>;
    if (meta === null) {
      assert(rec.type === "meta", `trace line ${i + 1}: the first line must be the meta line ({"type":"meta",…})`);
      meta = rec as unknown as TraceMeta;
      continue;
    }
    assert(typeof rec.seq === "number" && typeof rec.timeUs === "number" && typeof rec.type === "string", `trace line ${i + 1}: an event needs seq, timeUs and type`);
    assert(rec.seq > lastSeq, `trace line ${i + 1}: seq ${rec.seq} does not increase (previous ${lastSeq})`);
    lastSeq = rec.seq as number;
    events.push(rec as unknown as TraceEvent);
  }
  assert(meta !== null, "trace: empty file (no meta line)");
  return { meta, events };
}
