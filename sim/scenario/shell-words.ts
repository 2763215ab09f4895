// Shell-like word splitting for `run:` commands: whitespace separates words; '…' is literal;
// "…" allows \" \\ \$ \` escapes; a backslash outside quotes escapes the next character.
// No expansion of any kind ($VAR, globs, ~) happens.
import { InputError } from "./errors.ts";

export interface Word {
  text: string;
  /** Offset of the word's first character in the command. */
  offset: number;
}

const MAX_WORDS = 1000;

export function splitWords(cmd: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < cmd.length) {
    while (i < cmd.length && /\s/.test(cmd[i])) i++;
    if (i >= cmd.length) break;
    if (words.length >= MAX_WORDS) throw new InputError(`command has more than ${MAX_WORDS} words`, i);
    const start = i;
    let text = "";
    while (i < cmd.length && !/\s/.test(cmd[i])) {
      const c = cmd[i];
      if (c === "'") {
        const end = cmd.indexOf("'", i + 1);
        if (end < 0) throw new InputError("unterminated single quote", i);
        text += cmd.slice(i + 1, end);
        i = end + 1;
      } else if (c === '"') {
        const open = i;
        i++;
        while (i < cmd.length && cmd[i] !== '"') {
          if (cmd[i] === "\\" && i + 1 < cmd.length && '"\\$`\n'.includes(cmd[i + 1])) i++;
          text += cmd[i];
          i++;
        }
        if (i >= cmd.length) throw new InputError("unterminated double quote", open);
        i++;
      } else if (c === "\\") {
        if (i + 1 >= cmd.length) throw new InputError("trailing backslash", i);
        text += cmd[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    words.push({ text, offset: start });
  }
  return words;
}

