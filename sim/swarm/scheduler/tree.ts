// Placement-preference decision tree (SwarmKit manager/scheduler/nodeset.go tree, decision_tree.go).
// Each spread preference adds a level keyed by a label value; leaves keep the best
// `maxAssignments` nodes that pass the filters, ordered by nodeLess.
import { assert } from "../../kernel/assert.ts";
import type { NodeInfo } from "./nodeinfo.ts";

export type NodeLess = (a: NodeInfo, b: NodeInfo) => boolean;
export type MeetsConstraints = (n: NodeInfo) => boolean;

export interface DecisionTree {
  /** Active tasks of the service on every node under this branch (filtered or not). */
  tasks: number;
  /** Children by label value, in order of first appearance (node order); null for a leaf. */
  next: Map<string, DecisionTree> | null;
  /** Leaf: candidate nodes; a max-heap (worst first) until collapsed into best→worst order. */
  nodes: NodeInfo[];
  collapsed: boolean;
}

/** A spread descriptor: which label namespace, and the (case-sensitive) label name. */
export interface SpreadLevel {
  engine: boolean;
  label: string;
}

const NODE_LABEL_PREFIX = "node.labels.";
const ENGINE_LABEL_PREFIX = "engine.labels.";

/**
 * Parses placement preferences. SwarmKit only has `spread`; descriptors not starting with
 * node.labels. / engine.labels. (prefix case-insensitive) are ignored. Accepts an optional
 * "spread=" prefix as the CLI writes it.
 */
export function parsePreferences(prefs: readonly string[]): SpreadLevel[] {
  const out: SpreadLevel[] = [];
  for (const raw of prefs) {
    const d = raw.toLowerCase().startsWith("spread=") ? raw.slice("spread=".length) : raw;
    const lower = d.toLowerCase();
    if (d.length > NODE_LABEL_PREFIX.length && lower.startsWith(NODE_LABEL_PREFIX)) {
      out.push({ engine: false, label: d.slice(NODE_LABEL_PREFIX.length) });
    } else if (d.length > ENGINE_LABEL_PREFIX.length && lower.startsWith(ENGINE_LABEL_PREFIX)) {
      out.push({ engine: true, label: d.slice(ENGINE_LABEL_PREFIX.length) });
    }
  }
  return out;
}

function newTree(): DecisionTree {
  return { tasks: 0, next: null, nodes: [], collapsed: false };
}

function levelValue(n: NodeInfo, level: SpreadLevel): string {
  const labels = level.engine ? n.cnode.engineLabels : n.cnode.labels;
  return Object.hasOwn(labels, level.label) ? labels[level.label] : "";
}

/** Total order for the heap: nodeLess, then store order (SwarmKit's tie is Go map order). */
function worseThan(less: NodeLess, a: NodeInfo, b: NodeInfo): boolean {
  if (less(b, a)) return true;
  if (less(a, b)) return false;
  return a.order > b.order;
}

export function buildTree(
  nodes: readonly NodeInfo[],
  service: string,
  levels: readonly SpreadLevel[],
  maxAssignments: number,
  meets: MeetsConstraints,
  less: NodeLess,
): DecisionTree {
  const root = newTree();
  if (maxAssignments === 0) return root;
  for (const node of nodes) {
    const active = node.activeOf(service);
    let tree = root;
    tree.tasks += active;
    for (const level of levels) {
      const value = levelValue(node, level);
      if (tree.next === null) tree.next = new Map();
      let next = tree.next.get(value);
      if (next === undefined) {
        next = newTree();
        tree.next.set(value, next);
      }
      tree = next;
      tree.tasks += active;
    }
    const heap = tree.nodes;
    if (heap.length < maxAssignments) {
      if (meets(node)) heapPush(heap, node, less);
    } else if (less(node, heap[0])) {
      if (meets(node)) {
        heap[0] = node;
        siftDown(heap, 0, less);
      }
    }
  }
  return root;
}

/** The leaf's candidates best→worst; on a revisit the filters are re-run (counts may have changed). */
export function orderedNodes(tree: DecisionTree, meets: MeetsConstraints, less: NodeLess): NodeInfo[] {
  assert(tree.next === null, "orderedNodes on an inner tree node");
  const nodes = tree.nodes;
  if (tree.collapsed) {
    // SwarmKit's swap-remove, so the filters see nodes in the same order.
    for (let i = 0; i < nodes.length; ) {
      if (meets(nodes[i])) i++;
      else {
        nodes[i] = nodes[nodes.length - 1];
        nodes.pop();
      }
    }
  }
  nodes.sort((a, b) => (worseThan(less, a, b) ? 1 : worseThan(less, b, a) ? -1 : 0));
  tree.collapsed = true;
  return nodes;
}

function heapPush(heap: NodeInfo[], n: NodeInfo, less: NodeLess): void {
  heap.push(n);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!worseThan(less, heap[i], heap[parent])) break;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

function siftDown(heap: NodeInfo[], i: number, less: NodeLess): void {
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    let worst = l;
    const r = l + 1;
    if (r < n && worseThan(less, heap[r], heap[l])) worst = r;
    if (!worseThan(less, heap[worst], heap[i])) return;
    [heap[i], heap[worst]] = [heap[worst], heap[i]];
    i = worst;
  }
}
