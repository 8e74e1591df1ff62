import type { IdentityApi } from '../identity/api.ts';
import type { DemoPlan } from '../seed/demo-plan.ts';
import { join } from 'node:path';
import type { LocalService, ServiceContext } from '../service.ts';
import { ApiKeys } from './api-keys.ts';
import { buildAppSyncSchema } from './appsync-schema.ts';
import type { FunctionApiRoles } from './function-api-roles.ts';
import { attachFunctionResolvers, FunctionHost, type FunctionRuntime } from './functions.ts';
import { handleGraphql } from './http-handler.ts';
import { describeApi } from './models.ts';
import { RealtimeHub } from './realtime.ts';
import { handleSchemaBucket, SCHEMA_BUCKET } from './schema-bucket.ts';
import { attachResolvers } from './resolvers.ts';
import type { DataDefinitions } from './schema-loader.ts';
import { ItemStore } from './store.ts';

export const GRAPHQL_PATH = '/graphql';
export const REALTIME_PATH = '/graphql/realtime';

export interface DataService {
  service: LocalService;
  store: ItemStore;
  apiKeys: ApiKeys;
  definitions: DataDefinitions;
  seed(plan: DemoPlan): Promise<void>;
}

export async function createDataService(
  ctx: ServiceContext,
  identity: IdentityApi,
  definitions: DataDefinitions,
  /** Where the functions of custom operations get their AWS environment; none: those operations fail. */
  runtime?: FunctionRuntime,
  /** The functions' execution roles, which may sign GraphQL requests (allow.resource). */
  roles?: FunctionApiRoles,
): Promise<DataService> {
  const { defaultMode, additionalModes } = definitions.authorizationModes;
  const schema = buildAppSyncSchema(definitions.appsyncSchema);
  const { models, operations } = describeApi(schema, definitions.modelIntrospection, definitions.modelSchema);
  const store = new ItemStore(ctx.options.dataDir);
  const apiKeys = new ApiKeys(store);
  const apiKey = apiKeys.current(definitions.apiKeyExpiresInDays ?? 7);
  const realtime = new RealtimeHub({ schema, operations, apiKeys, identity, defaultMode, log: ctx.log, roles });
  attachResolvers(schema, operations, models, store, defaultMode);
  const functions =
    runtime && definitions.functions?.length
      ? new FunctionHost(definitions.functions, join(ctx.options.dataDir, 'data', 'functions'), runtime, ctx.log)
      : undefined;
  if (functions) attachFunctionResolvers(schema, definitions.customOperations ?? [], functions);
  const deps = { schema, apiKeys, identity, publish: realtime.publish.bind(realtime), roles };

  const service: LocalService = {
    name: 'data',
    claims: (_req, url) => url.pathname === GRAPHQL_PATH || url.pathname.startsWith(`/${SCHEMA_BUCKET}/`),
    handle: (req, res, url) =>
      url.pathname === GRAPHQL_PATH
        ? handleGraphql(deps, req, res)
        : handleSchemaBucket(req, res, url, roles, definitions.modelIntrospection),
    upgrade(req, socket, head, url) {
      if (url.pathname !== REALTIME_PATH) return false;
      realtime.upgrade(req, socket, head);
      return true;
    },
    outputs: () => ({
      data: {
        url: `${ctx.baseUrl}${GRAPHQL_PATH}`,
        aws_region: identity.region,
        ...([defaultMode, ...additionalModes].includes('API_KEY') ? { api_key: apiKey.key } : {}),
        default_authorization_type: defaultMode,
        authorization_types: additionalModes,
        model_introspection: definitions.modelIntrospection,
      },
    }),
    async close() {
      functions?.close();
      await realtime.close();
      store.close();
    },
  };

  return {
    service,
    store,
    apiKeys,
    definitions,
    async seed(plan) {
      // Once per data directory: records deleted later stay deleted.
      if (store.meta('seeded')) return;
      const at = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
      store.transaction(() => {
        for (const [model, records] of [
          ['Song', plan.songs],
          ['PhotoAlbum', plan.albums],
        ] as const) {
          if (!models.has(model)) continue;
          for (const r of records) {
            store.insert(model, r.id, { ...r, __typename: model, createdAt: at, updatedAt: at });
          }
        }
        store.setMeta('seeded', new Date().toISOString());
      });
    },
  };
}
