import { getAmplifyDataClientConfig } from '@aws-amplify/backend/function/runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../data/resource';
import { auditInputOf, type S3EventRecord } from './storage-event';

let client: ReturnType<typeof generateClient<Schema>> | undefined;

async function dataClient() {
  if (client) return client;
  // Path-style on a local endpoint; the deployed function reaches S3 as usual.
  const s3 = new S3Client({ forcePathStyle: !!process.env['AWS_ENDPOINT_URL_S3'] });
  const { resourceConfig, libraryOptions } = await getAmplifyDataClientConfig(process.env as never, s3);
  Amplify.configure(resourceConfig, libraryOptions);
  return (client = generateClient<Schema>());
}

/**
 * Records each object event of the bucket as an AuditEvent, with the function's role (the schema
 * lets it create audit events and nothing else). A failure throws, so Lambda retries the delivery;
 * an event already recorded by an earlier attempt (same id) counts as done.
 */
export const handler = async (event: { Records: S3EventRecord[] }): Promise<void> => {
  const api = await dataClient();
  for (const record of event.Records) {
    const input = auditInputOf(record);
    if (!input) continue;
    const { errors } = await api.models.AuditEvent.create(input);
    const failed = errors?.filter((e) => e.errorType !== 'DynamoDB:ConditionalCheckFailedException');
    if (failed?.length) throw new Error(`AuditEvent not recorded: ${failed.map((e) => e.message).join('; ')}`);
  }
};
