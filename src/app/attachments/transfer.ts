/** A step of a long operation that moves bytes: progress while it runs, then its result. */
export type Transfer<T> =
  | { readonly type: 'progress'; readonly sent: number; readonly total: number }
  | { readonly type: 'done'; readonly value: T };
