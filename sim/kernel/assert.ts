// TigerStyle assertions: a broken assumption stops the run with a clear message (exit 3),
// instead of silently corrupting the simulation.

export class SimAssertionError extends Error {
  override name = "SimAssertionError";
}

export function assert(cond: unknown, message: string | (() => string)): asserts cond {
  if (!cond) throw new SimAssertionError(typeof message === "string" ? message : message());
}

export function unreachable(x: never, what: string): never {
  throw new SimAssertionError(`unreachable ${what}: ${JSON.stringify(x)}`);
}
