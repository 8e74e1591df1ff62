import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IdentityApi } from '../identity/api.ts';
import type { DemoPlan } from '../seed/demo-plan.ts';
import type { LocalService, ServiceContext } from '../service.ts';
import { compileAccessRules, storageDefinition } from './access-rules.ts';
import { FunctionBucketGrants } from './function-grants.ts';
import type { BucketTemplate } from './bucket-template.ts';
import type { InventoryReport } from './inventory.ts';
import { startInventory } from './inventory-schedule.ts';
import { startLifecycle, type LifecycleSweep } from './lifecycle.ts';
import { ObjectStore } from './object-store.ts';
import { demoPng } from './png.ts';
import type { ObjectEventSink } from './notifications.ts';
import { S3Handler } from './s3-handler.ts';
import { errorDoc } from './xml.ts';

export const BUCKET = 'attachment-console-local';
/** The only endpoint the (patched) Storage client reaches with its local-testing switch. */
export const S3_LOCAL_ENDPOINT = 'http://localhost:20005';

export interface StorageService {
  service: LocalService;
  store: ObjectStore;
  seed(plan: DemoPlan): Promise<void>;
  /** Applies the bucket's lifecycle rules now (they also run at start and every ten minutes). */
  sweepLifecycle(): LifecycleSweep;
  /** Writes the bucket's S3 Inventory reports now (they are also written on their schedule). */
  writeInventory(): Promise<InventoryReport[]>;
  /** The variable Gen 2 gives a function granted this bucket: `<STORAGE_NAME>_BUCKET_NAME`. */
  bucketVariable: string;
  /** Lets a function's execution role do what its synthesized bucket statements allow. */
  functionRoles: FunctionBucketGrants;
  /** Where each write and delete the S3 API answers is told (the storage triggers). */
  onObjectEvent(sink: ObjectEventSink): void;
}

/** The bucket as the synthesis describes it (versioning, lifecycle, role statements), and the clock (tests drive it). */
export interface BucketSettings {
  bucket?: BucketTemplate;
  now?: () => number;
}

export async function createStorageService(
  ctx: ServiceContext,
  identity: IdentityApi,
  settings: BucketSettings = {},
): Promise<StorageService> {
  const definition = storageDefinition();
  if (!definition) throw new Error('The served project defines no storage (amplify/storage/resource.ts).');
  const policy = compileAccessRules(definition.access);
  const store = new ObjectStore(ctx.options.dataDir, settings.now);
  const functionRoles = new FunctionBucketGrants();
  const handler = new S3Handler(BUCKET, store, identity, policy, functionRoles, settings.bucket?.grants);
  if (!ctx.baseUrl.endsWith(':20005')) {
    ctx.log.warn(
      `The local S3 is on ${ctx.baseUrl}, but the Storage client only reaches ${S3_LOCAL_ENDPOINT}: uploads and downloads will fail.`,
    );
  }
  const lifecycle = startLifecycle(store, settings.bucket, ctx.log);
  // Reports are delivered as S3 delivers them: PUTs by the service, which the bucket's notifications hear of.
  const inventory = startInventory(
    store,
    BUCKET,
    settings.bucket?.inventory ?? [],
    ctx.log,
    undefined,
    () => handler.deliver,
  );
  handler.inventory = inventory;
  if (ctx.options.inventoryNow) void inventory.runNow().catch(() => undefined);

  const service: LocalService = {
    name: 'storage',
    claims: (_req, url) => url.pathname === `/${BUCKET}` || url.pathname.startsWith(`/${BUCKET}/`),
    handle: (req, res, url) => handler.handle(req, res, url),
    // S3 says "slow down" in XML; the Storage client retries that, and cannot parse a JSON error.
    failOnPurpose: (res, message) =>
      res.writeHead(503, { 'content-type': 'application/xml' }).end(errorDoc('SlowDown', message)),
    outputs: () => ({
      storage: {
        aws_region: identity.region,
        bucket_name: BUCKET,
        buckets: [
          {
            name: definition.name,
            bucket_name: BUCKET,
            aws_region: identity.region,
            paths: policy.paths,
          },
        ],
      },
      custom: { s3LocalEndpoint: S3_LOCAL_ENDPOINT },
    }),
    close: async () => {
      lifecycle.stop();
      inventory.stop();
      store.close();
    },
  };

  return {
    service,
    store,
    sweepLifecycle: lifecycle.sweep,
    writeInventory: inventory.runNow,
    functionRoles,
    onObjectEvent: (sink) => {
      handler.onObjectEvent = sink;
    },
    bucketVariable: `${definition.name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}_BUCKET_NAME`,
    async seed(plan) {
      // Once per data directory: files deleted later (say by the orphan clean-up) stay deleted.
      const marker = join(ctx.options.dataDir, 's3', 'seeded');
      if (existsSync(marker)) return;
      // Backdated, so the orphan report's grace period does not hide the demo orphans.
      const lastModified = new Date(Date.now() - 2 * 24 * 3600 * 1000);
      plan.files.forEach((file, i) => {
        if (store.head(file.key)) return;
        const body = demoPng(file.hue, 320, 240, i);
        const target = store.newBody();
        writeFileSync(target.path, body);
        const etag = createHash('md5').update(body).digest('hex');
        store.commit(file.key, target.file, {
          size: body.length,
          etag,
          contentType: 'image/png',
          metadata: { label: file.label },
          lastModified,
        });
      });
      writeFileSync(marker, new Date().toISOString());
    },
  };
}
