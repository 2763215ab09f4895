// Run counts for the property suites. `npm test` uses the pinned counts (the whole suite stays
// within its time budget on 2 cores); SWARMSIM_PROPERTY_SCALE=10 multiplies them for a longer
// local soak without touching the seeds.
export function runsFor(pinned: number): number {
  const scale = Number(process.env.SWARMSIM_PROPERTY_SCALE ?? "1");
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.round(pinned * scale)) : pinned;
}
