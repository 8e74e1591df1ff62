/** One record of the notification S3 sends a Lambda function for an object event. */
export interface S3EventRecord {
  eventTime: string;
  eventName: string;
  userIdentity?: { principalId?: string };
  requestParameters?: { sourceIPAddress?: string };
  s3: {
    bucket: { name: string };
    object: { key: string; size?: number; eTag?: string; versionId?: string; sequencer: string };
  };
}

/** The AuditEvent (amplify/data/resource.ts) that records one object event. */
export interface StorageAuditInput {
  id: string;
  feed: 'all';
  at: string;
  actor: string;
  action: 'storage_write' | 'storage_remove';
  paths: string;
  after: string;
  result: string;
}

/** Keys the backend writes for itself (the orphan scan's reports): not a change to anyone's files. */
const OWN_OUTPUT = /^reports\//;

/** S3 sends the key URL-encoded as a form field (spaces as `+`). */
export function decodedKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/**
 * The audit event for an S3 event record, or none for the backend's own output. Its id comes from
 * the event (key, sequencer, name), so a retried delivery cannot record it twice. `actor` names the
 * principal S3 reports, under `storage::`, which matches no user: only ADMINS read these events.
 */
export function auditInputOf(record: S3EventRecord): StorageAuditInput | undefined {
  const key = decodedKey(record.s3.object.key);
  if (OWN_OUTPUT.test(key)) return undefined;
  const principalId = record.userIdentity?.principalId ?? 'unknown';
  const { size, eTag, versionId, sequencer } = record.s3.object;
  return {
    id: `s3-${sequencer}-${fnv1a(`${record.eventName}\n${key}`)}`,
    feed: 'all',
    at: record.eventTime,
    actor: `storage::${principalId}`,
    action: record.eventName.startsWith('ObjectCreated') ? 'storage_write' : 'storage_remove',
    paths: JSON.stringify([key]),
    after: JSON.stringify({
      eventName: record.eventName,
      principalId,
      versionId: versionId ?? null,
      size: size ?? null,
      eTag: eTag ?? null,
      sourceIPAddress: record.requestParameters?.sourceIPAddress ?? null,
    }),
    result: record.eventName,
  };
}

/** A short stable hash (32-bit FNV-1a, hex) for event ids. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}
