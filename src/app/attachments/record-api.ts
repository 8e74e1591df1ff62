/** The fields of a write: the record's id first, then any of its fields by name. */
export type RecordInput = { readonly id: string } & Readonly<Record<string, unknown>>;

/**
 * What the workflows need of one model's Data operations (a ModelApi, shared/model-api.ts, is
 * one). Every method fails with an AttachmentError; a failed condition is a 'conflict'.
 */
export interface RecordApi<T> {
  get(id: string): Promise<T | null>;
  create(input: RecordInput): Promise<T>;
  /** With `expectUpdatedAt`, only if the record still has that version. */
  update(input: RecordInput, expectUpdatedAt?: string): Promise<T>;
  /** Only if the record still has that version; returns it as it was. */
  delete(id: string, expectUpdatedAt: string): Promise<T>;
}
