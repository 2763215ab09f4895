// Growing a typed array: a copy at a larger capacity (the callers double theirs).
type Typed = Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer>;

/** A copy of `a` with room for `cap` elements (cap ≥ a.length), of the same type, zero-filled past the end. */
export function grown<A extends Typed>(a: A, cap: number): A {
  const b = new (a.constructor as new (n: number) => A)(cap);
  b.set(a);
  return b;
}
