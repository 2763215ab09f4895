// The CLI times how long a run took on the host (wallMs). This is outside the simulated world:
// the one sanctioned wall-clock read in sim/, marked so the determinism rule stays checkable.
export function wallMs(): number {
  // biome-ignore lint/style/noRestrictedGlobals: allow-nondeterminism: the CLI reports a run's host wall time
  return Math.round(performance.now()); // allow-nondeterminism: wallMs is the one field outside the simulation
}
