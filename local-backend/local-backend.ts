import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { functionRuntime } from './function-runtime.ts';
import { createLogger, type Logger } from './log.ts';
import type { BackendOptions } from './options.ts';
import { LocalServer } from './server.ts';
import type { LocalService, ServiceContext } from './service.ts';
import { createIdentityService, type IdentityService } from './identity/index.ts';
import type { IdentityApi } from './identity/api.ts';
import { REPO_ROOT, serveAmplifyDir } from './project.ts';
import { seededAccounts, seedOnFirstStart } from './seed/run-seed.ts';
import { storageDefinition } from './storage/access-rules.ts';
import { createStorageService, type StorageService } from './storage/index.ts';
import type { BucketTemplate } from './storage/bucket-template.ts';
import { createDataService, type DataService } from './data/index.ts';
import { FunctionApiRoles } from './data/function-api-roles.ts';
import { createDynamoDbService, type DynamoDbService } from './dynamodb/index.ts';
import { loadDefinitions } from './data/schema-loader.ts';
import { startSchedules, type Schedules } from './schedules/index.ts';
import { startStorageTriggers, type StorageTriggers } from './storage/triggers.ts';

export interface RunningBackend {
  port: number;
  baseUrl: string;
  /** The amplify_outputs.json content pointing at this process. */
  outputs: Record<string, unknown>;
  identity: IdentityApi;
  /** The identity part itself (user pool, store), for tests and the users CLI. */
  identityService: IdentityService;
  /** The accounts the project's seed script made in this data directory (its demo logins). */
  demoAccounts: { email: string; password: string; group: string }[];
  /** Absent when the project defines no data. */
  data?: DataService;
  /** DynamoDB's API over the models' tables (what functions' SDKs reach); absent without data. */
  dynamodb?: DynamoDbService;
  /** Absent when the project defines no storage. */
  storage?: StorageService;
  /** The functions' schedules, firing while it runs; absent when none is defined. */
  schedules?: Schedules;
  /** The functions the bucket notifies (defineStorage's triggers); absent when none is defined. */
  storageTriggers?: StorageTriggers;
  /** Milliseconds each start-up step took, in order (the benchmark prints them). */
  timings: Record<string, number>;
  close(): Promise<void>;
}

/** Refuses to go on, with a clear message, when the data directory cannot be used. */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK | constants.R_OK);
    const probe = join(dir, '.write-probe');
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (err) {
    throw new Error(
      `The data directory ${dir} cannot be used (${(err as Error).message}). Pass --data-dir <a writable folder>.`,
    );
  }
}

/**
 * Starts the whole local backend in this process: one HTTP server, the definitions derived from
 * amplify/ (cached), then each service (identity first: the others verify its tokens and
 * credentials), then writes amplify_outputs.json. Aborting `signal` stops a start under way: a
 * synthesis is killed, whatever was opened is closed, and the promise rejects with the reason.
 */
export async function startLocalBackend(
  options: BackendOptions,
  log: Logger = createLogger(options.logLevel),
  signal?: AbortSignal,
): Promise<RunningBackend> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - mark);
    mark = now;
    signal?.throwIfAborted();
  };
  signal?.throwIfAborted();
  const projectRoot = options.project ?? REPO_ROOT;
  serveAmplifyDir(join(projectRoot, 'amplify'));
  ensureDataDir(options.dataDir);
  const server = new LocalServer(options, log, []);
  const services: LocalService[] = [];
  try {
    const port = await server.listen();
    step('listen');
    const urlHost = ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(options.host)
      ? 'localhost'
      : options.host;
    const baseUrl = `http://${urlHost}:${port}`;
    const ctx: ServiceContext = { options, log, baseUrl };
    // The synthesis is for the Data API; a project without one is served without it.
    const hasData = existsSync(join(projectRoot, 'amplify', 'data', 'resource.ts'));
    const definitions = hasData ? await loadDefinitions(options.dataDir, log, signal) : undefined;
    if (!hasData) log.info('The project defines no data (amplify/data/resource.ts): no GraphQL API is served.');
    step('definitions');
    const identity = await createIdentityService(ctx, {
      ...(definitions?.userPoolClient ?? { preventUserExistenceErrors: true }),
      ...(options.selfSignUp ? { adminCreateUserOnly: false } : {}),
    });
    services.push(identity.service);
    step('identity');
    // Data (AppSync) and Storage (S3) register here, each given `identity.api`.
    // Functions reach the local DynamoDB, made over the Data API's store once that exists.
    const late: { dynamodb?: DynamoDbService; storage?: StorageService } = {};
    const apiRoles = new FunctionApiRoles();
    const runtime = functionRuntime(
      ctx,
      identity,
      () => late.dynamodb,
      () => late.storage,
      apiRoles,
    );
    const data = definitions ? await createDataService(ctx, identity.api, definitions, runtime, apiRoles) : undefined;
    if (data) services.push(data.service);
    const dynamodb = (late.dynamodb = data && createDynamoDbService(ctx, identity.api, data));
    if (dynamodb) services.push(dynamodb.service);
    step('data');
    const storage = (late.storage = storageDefinition()
      ? await createStorageService(ctx, identity.api, { bucket: synthesizedBucket(definitions) })
      : undefined);
    if (storage) services.push(storage.service);
    else log.info('The project defines no storage (amplify/storage/resource.ts): no S3 is served.');
    step('storage');

    const outputs = mergeOutputs(services);
    for (const service of services.splice(0)) server.addService(service);
    if (options.outputsFile) writeFileSync(options.outputsFile, JSON.stringify(outputs, null, 2) + '\n');

    if (options.seed) {
      await seedOnFirstStart({
        projectRoot,
        dataDir: options.dataDir,
        baseUrl,
        outputs,
        identity,
        objects: storage?.store,
        log,
        signal,
      });
    }
    step('seed');
    const schedules = startSchedules(ctx, definitions, runtime);
    const storageTriggers = startStorageTriggers(ctx, definitions, runtime, storage);
    if (options.fireSchedulesNow) {
      if (!schedules) log.warn('--fire-schedules-now: the project defines no scheduled function');
      for (const fn of new Set(schedules?.scheduler.schedules.map((s) => s.functionName))) {
        // Its outcome is logged by the scheduler; the start does not wait for the run.
        schedules!.scheduler.fireNow(fn).catch(() => undefined);
      }
    }
    const demoAccounts = seededAccounts(options.dataDir).map((a) => ({
      email: a.username,
      password: a.password,
      group: a.groups.join(', '),
    }));
    log.debug(
      `started in ${Object.entries(timings)
        .map(([k, v]) => `${k} ${v} ms`)
        .join(', ')}`,
    );
    return {
      port,
      baseUrl,
      outputs,
      identity: identity.api,
      identityService: identity,
      demoAccounts,
      data,
      dynamodb,
      storage,
      schedules,
      storageTriggers,
      timings,
      close: async () => {
        await schedules?.close();
        storageTriggers?.close();
        await server.close();
      },
    };
  } catch (err) {
    // Services not yet handed to the server are closed with it.
    for (const service of services) server.addService(service);
    await server.close();
    throw err;
  }
}

/** The served storage bucket as the synthesis describes it; none without a synthesis. */
function synthesizedBucket(definitions: { buckets?: BucketTemplate[] } | undefined): BucketTemplate | undefined {
  const name = storageDefinition()?.name;
  return definitions?.buckets?.find((b) => b.friendlyName === name);
}

/** Each service contributes top-level sections; `custom` is merged key by key. */
export function mergeOutputs(services: LocalService[]): Record<string, unknown> {
  const outputs: Record<string, unknown> = { version: '1.4' };
  const custom: Record<string, unknown> = {};
  for (const service of services) {
    const part = service.outputs?.() ?? {};
    for (const [key, value] of Object.entries(part)) {
      if (key === 'custom') Object.assign(custom, value);
      else outputs[key] = value;
    }
  }
  outputs['custom'] = { ...custom, localBackend: true };
  return outputs;
}
