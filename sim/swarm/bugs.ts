// Historical SwarmKit misbehaviours that a scenario can switch on (`bugs: [id]`) inside our model,
// to prove end to end that the checkers catch real bugs. Ids name the upstream issue.
// The swarm layer reads these flags where the bug lived; each entry says what it changes.
export const KNOWN_BUGS: Record<string, string> = {
  "swarmkit-921": "After a leader election the dispatcher gives UNKNOWN nodes only 0.5 s (not 6× the heartbeat period) to re-register, so healthy nodes go DOWN and their tasks are rescheduled",
  "swarmkit-1054": "Restarting a task whose node went DOWN leaves the old task desired RUNNING: when the node returns, its slot holds two runnable tasks",
  "moby-27769": "Replacing a REJECTED task leaves the rejected one desired RUNNING, so runnable tasks pile up in the slot",
  "moby-33218": "Right after a leader change the global orchestrator overlooks tasks on UNKNOWN (not yet re-registered) nodes and never removes duplicates: two tasks per node",
  "swarmkit-1341": "No CheckQuorum: a leader that lost its majority keeps leading and serving the control API",
  "swarmkit-575": "Draining a node starts replacements but leaves the drained tasks desired RUNNING: duplicate runnable tasks per slot",
  "swarmkit-562": "A restarted agent forgets the containers of its previous incarnation: they keep running next to the new ones",
  "moby-32999": "The scheduler only runs a pass on task creations and node events, so a PENDING task is not placed when stopping tasks free resources",
  "pr-2998": "PENDING tasks of an old service version that are already desired SHUTDOWN stay PENDING forever instead of being shut down",
  "swarmkit-1296": "The scheduler's view is not refreshed when a DOWN node comes back READY, so new tasks keep piling onto the surviving nodes",
  "moby-37320": "Tasks on removed nodes, or on nodes DOWN for 24 h, are never ORPHANED: ghost tasks stay RUNNING in the store",
};

export function isKnownBug(id: string): boolean {
  return Object.hasOwn(KNOWN_BUGS, id);
}
