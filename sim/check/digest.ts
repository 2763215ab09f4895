// Rolling prefix digests for Raft logs: digest[i] = mixEntry(digest[i-1], term, entryHash).
// Two logs with equal digests at index i agree on every entry ≤ i (up to 32-bit collisions,
// which can only hide a violation, never invent one).
import { fmix, mix } from "../kernel/hash.ts";

/** Digest of the empty log prefix (index 0). */
export const EMPTY_PREFIX_DIGEST = 0x6a09e667;

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
