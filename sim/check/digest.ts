// Rolling prefix digests for Raft logs: digest[i] = mixEntry(digest[i-1], term, entryHash).
// Two logs with equal digests at index i agree on every entry ≤ i (up to 32-bit collisions,
// which can only hide a violation, never invent one).

/** Digest of the empty log prefix (index 0). */
export const EMPTY_PREFIX_DIGEST = 0x6a09e667;

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Extends a prefix digest by one entry. Order-sensitive: (a, b) and (b, a) differ. */
export function mixEntry(prev: number, term: number, entryHash: number): number {
  let h = mix(prev | 0, term | 0);
  h = mix(h, Math.floor(term / 4294967296) | 0);
  h = mix(h, entryHash | 0);
  return fmix(h);
}

/** A stand-in digest for a snapshot whose prefix the checker never saw (never compared). */
export function snapshotSeed(index: number, term: number): number {
  return fmix(mix(mix(0x3c6ef372, index | 0), term | 0));
}
