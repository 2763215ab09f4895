// The bench's wall clock: outside the simulated world, so the one place it may read real time.
export function wallMs(): number {
  return performance.now(); // allow-nondeterminism: benchmarks time the host, not the simulation
}
