// Partitions as sets of blocked DIRECTED links. Shapes (CONTRACT.md) are expanded to groups:
// a link a→b is open iff some group holds both a and b. Nodes an explicit group list leaves out
// form one more group ("the rest"). `blocked` lists directed links outright (asymmetric cuts).
import { assert } from "../kernel/assert.ts";
import type { Rng } from "../kernel/rng.ts";
import type { NodeIx } from "../kernel/types.ts";

export interface PartitionLayout {
  shape: string;
  /** Groups as node indices ([] for an explicit blocked-link list). */
  groups: NodeIx[][];
  /** Blocked directed links a→b as a dense n×n matrix (1 = blocked). */
  matrix: Uint8Array;
  /** Explicit links, for the trace (empty for group shapes: groups say it all). */
  links: [NodeIx, NodeIx][];
}

export function fromGroups(shape: string, n: number, groups: NodeIx[][]): PartitionLayout {
  const member: number[][] = Array.from({ length: n }, () => []);
  groups.forEach((g, gi) => {
    for (const ix of g) {
      assert(ix >= 0 && ix < n, `partition group names an unknown node index ${ix}`);
      member[ix].push(gi);
    }
  });
  const matrix = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a === b) continue;
      const ga = member[a];
      const gb = member[b];
      let shared = false;
      for (let i = 0; i < ga.length && !shared; i++) shared = gb.includes(ga[i]);
      if (!shared) matrix[a * n + b] = 1;
    }
  }
  return { shape, groups, matrix, links: [] };
}

export function fromLinks(n: number, links: [NodeIx, NodeIx][]): PartitionLayout {
  const matrix = new Uint8Array(n * n);
  for (const [a, b] of links) matrix[a * n + b] = 1;
  return { shape: "blocked", groups: [], matrix, links };
}

/** Adds "the rest" group for nodes an explicit list leaves out. */
export function completeGroups(groups: NodeIx[][], all: readonly NodeIx[]): NodeIx[][] {
  const seen = new Set(groups.flat());
  const rest = all.filter((ix) => !seen.has(ix));
  return rest.length > 0 ? [...groups, rest] : groups;
}

/** ⌊n/2⌋ nodes (in cluster order) on one side, the rest on the other. */
export function halves(nodes: readonly NodeIx[]): NodeIx[][] {
  const k = Math.floor(nodes.length / 2);
  return [nodes.slice(0, k), nodes.slice(k)];
}

export function isolate(nodes: readonly NodeIx[], target: NodeIx): NodeIx[][] {
  return [[target], nodes.filter((ix) => ix !== target)];
}

/** Jepsen's bridge: two halves that both see one bridge node in the middle. */
export function bridge(nodes: readonly NodeIx[]): NodeIx[][] {
  const mid = Math.floor(nodes.length / 2);
  return [nodes.slice(0, mid + 1), nodes.slice(mid)];
}

/**
 * Jepsen's majorities ring: every node sees a majority (itself and its nearest ring neighbours),
 * but no two nodes see the same majority. Expressed as explicit directed links.
 */
export function majorityRingLinks(nodes: readonly NodeIx[]): [NodeIx, NodeIx][] {
  const n = nodes.length;
  const majority = Math.floor(n / 2) + 1;
  const reach = Math.ceil((majority - 1) / 2);
  const links: [NodeIx, NodeIx][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const d = Math.min((i - j + n) % n, (j - i + n) % n);
      if (d > reach) links.push([nodes[i], nodes[j]]);
    }
  }
  return links;
}

/** Random two-way split with both sides non-empty. */
export function randomSplit(nodes: readonly NodeIx[], rng: Rng): NodeIx[][] {
  assert(nodes.length >= 2, "a random partition needs at least two nodes");
  const shuffled = [...nodes];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
  }
  const k = rng.int(1, nodes.length);
  const a = shuffled.slice(0, k).sort((x, y) => x - y);
  const b = shuffled.slice(k).sort((x, y) => x - y);
  return [a, b];
}
