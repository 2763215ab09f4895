// A worker thread's error reaches the caller through structured clone, which keeps an Error's
// message and stack but not its class or fields: a CliError or ScenarioError thrown in a worker
// (an unwritable failure directory, a bad library scenario) would arrive as a plain Error and be
// reported as an internal error with a stack trace. Jobs return those errors as data instead, and
// the pools throw them again on the calling thread; genuine internal errors still throw.
import { ScenarioError } from "../scenario/errors.ts";
import { CliError, EXIT } from "./io.ts";

/** A user error, as plain data that survives the trip back from a worker. */
export interface UserErrorData {
  userError: { message: string; code: number };
}

/** `job`, with its user errors returned as data rather than thrown. */
export function returningUserErrors<T, R>(job: (task: T) => R): (task: T) => R | UserErrorData {
  return (task) => {
    try {
      return job(task);
    } catch (e) {
      if (e instanceof CliError) return { userError: { message: e.message, code: e.code } };
      if (e instanceof ScenarioError) return { userError: { message: e.format(), code: EXIT.badInput } };
      throw e;
    }
  };
}

/** A job's result, with a user error it returned thrown again as a CliError. */
export function rethrowUserError<R>(result: R | UserErrorData): R {
  if (isUserErrorData(result)) throw new CliError(result.userError.message, result.userError.code);
  return result;
}

function isUserErrorData(r: unknown): r is UserErrorData {
  return typeof r === "object" && r !== null && !Array.isArray(r) && "userError" in r;
}
