// Interning: each distinct string gets a small integer id, in order of first appearance, so that
// tables keep numbers and one list of the strings.
export class Interner {
  /** The strings, by id. */
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();

  /** The id of `s`, new ones numbered from 0 in order of first appearance. */
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}
