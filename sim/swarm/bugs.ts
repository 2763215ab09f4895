// Historical SwarmKit misbehaviours that a scenario can switch on (`bugs: [id]`) inside our model,
// to prove end to end that the checkers catch real bugs. Ids name the upstream issue.
// The swarm layer reads these flags where the bug lived; each entry says what it changes.
export const KNOWN_BUGS: Record<string, string> = {
  // Filled in by the swarm layer: id → one-line description of the misbehaviour it re-enacts.
};

export function isKnownBug(id: string): boolean {
  return Object.hasOwn(KNOWN_BUGS, id);
}
