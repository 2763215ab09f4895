// The command lines swarmsim prints for a user to copy (replay hints, report headers), in one
// spelling: the CLI as the contract names it. `npx swarmsim …` (the bin) takes the same arguments.
export const CLI_COMMAND = "npx tsx sim/cli.ts";

/** `npx tsx sim/cli.ts <args>`. */
export function cliCommand(args: string): string {
  return `${CLI_COMMAND} ${args}`;
}

/** The one-line replay of a failure directory's failure.json. */
export function replayCommandFor(failureJson: string): string {
  return cliCommand(`replay ${failureJson}`);
}
