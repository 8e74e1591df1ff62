import { isSafeRecordId, safeFileName } from './file-key';

/** Where a file field's uploads go unless its settings say otherwise: a folder per record. */
export const DEFAULT_KEY_TEMPLATE = 'images/{id}/{uuid}-{name}';

const PARTS = ['id', 'uuid', 'name'] as const;

/**
 * Why a key template cannot be used, or null. It must hold `{uuid}` (a new one per upload is what
 * keeps a replacement from landing on the file it replaces) and only the parts the console fills
 * in: `{id}` (the record's id), `{uuid}` and `{name}` (the safe file name).
 */
export function checkKeyTemplate(template: string): string | null {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)]
    .map((m) => m[1]!)
    .filter((part) => !(PARTS as readonly string[]).includes(part));
  if (unknown.length) {
    return `The key template “${template}” names {${unknown.join('}, {')}}, which the console cannot fill in; it knows {id}, {uuid} and {name}.`;
  }
  if (!template.includes('{uuid}')) {
    return `The key template “${template}” has no {uuid}: two uploads could get the same key, and a replacement could overwrite the file it replaces.`;
  }
  if (template.startsWith('/') || template.split('/').some((s) => s === '..' || s === '.')) {
    return `The key template “${template}” is not a plain storage path (no leading “/”, no “.” or “..” segments).`;
  }
  return null;
}

/**
 * The key of a new upload: the template with the record's id, a new uuid and the safe file name
 * filled in. Throws when the template or the id cannot make a safe key (a setting or a caller's
 * mistake, not the operator's).
 */
export function keyFromTemplate(
  template: string,
  recordId: string,
  fileName: string,
  uuid: string = crypto.randomUUID(),
): string {
  const problem = checkKeyTemplate(template);
  if (problem) throw new Error(problem);
  if (!isSafeRecordId(recordId)) throw new Error(`Not a record id that can be part of a key: ${recordId}`);
  const parts: Record<(typeof PARTS)[number], string> = { id: recordId, uuid, name: safeFileName(fileName) };
  return template.replace(/\{(id|uuid|name)\}/g, (_, part: (typeof PARTS)[number]) => parts[part]);
}
