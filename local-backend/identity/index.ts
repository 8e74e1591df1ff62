import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, headerSafe, readBody, sendJson } from '../http-util.ts';
import type { LocalService, ServiceContext } from '../service.ts';
import { AdminApi } from './admin-api.ts';
import type { IdentityApi } from './api.ts';
import { DEMO_ACCOUNTS } from './demo-accounts.ts';
import { authGroups } from './definitions.ts';
import { CognitoError } from './errors.ts';
import { IdentityPool } from './identity-pool.ts';
import { IdentityStore } from './store.ts';
import { TokenSigner } from './tokens.ts';
import { UserPool } from './user-pool.ts';

export const REGION = 'us-east-1';
const USER_POOL_PATH = '/cognito-idp';
const IDENTITY_POOL_PATH = '/cognito-identity';

export interface IdentityService {
  service: LocalService;
  api: IdentityApi;
  userPool: UserPool;
  store: IdentityStore;
  /** Cognito's admin API (SigV4, IAM grants) and the pool rules that go with it. */
  admin: AdminApi;
  /** Creates the demo users that are missing; returns every demo account (the banner prints them). */
  seedDemoUsers(): Promise<{ email: string; password: string; group: string }[]>;
}

/** The synthesized user pool client's settings the local user pool follows. */
export interface UserPoolClientSettings {
  preventUserExistenceErrors: boolean;
  /** The pool's AdminCreateUserConfig.AllowAdminCreateUserOnly: SignUp is refused. */
  adminCreateUserOnly?: boolean;
}

/** Opens the identity state of a data directory (also used by the users CLI without a server). */
export function openIdentity(
  dataDir: string,
  baseUrl: string,
  log: ServiceContext['log'],
  client: UserPoolClientSettings = { preventUserExistenceErrors: true },
) {
  const store = new IdentityStore(dataDir);
  const userPoolId = store.metaOrCreate('userPoolId', () => `${REGION}_${randomBytes(6).toString('hex')}`);
  const clientId = store.metaOrCreate('userPoolClientId', () => randomBytes(13).toString('hex'));
  const identityPoolId = store.metaOrCreate('identityPoolId', () => `${REGION}:${randomUUID()}`);
  const kid = store.metaOrCreate('signingKeyId', () => randomUUID());
  const signer = new TokenSigner(
    store.metaOrCreate('signingKeyPem', () => TokenSigner.generatePem()),
    kid,
  );
  const issuer = `${baseUrl}${USER_POOL_PATH}/${userPoolId}`;
  const tokenTtl = tokenTtlSeconds();
  const groups = authGroups();
  const userPool = new UserPool(
    store,
    signer,
    { region: REGION, userPoolId, clientId, issuer, tokenTtl, groups, ...client },
    log,
  );
  const identityPool = new IdentityPool(store, userPool, {
    region: REGION,
    identityPoolId,
    loginsKeys: [issuer.replace(/^\w+:\/\//, ''), `cognito-idp.${REGION}.amazonaws.com/${userPoolId}`],
    credentialsTtl: Math.max(tokenTtl, 900),
    groupPrecedence: groups,
  });
  return { store, signer, userPool, identityPool, userPoolId, clientId, identityPoolId, groups, issuer };
}

/** ID and access token lifetime: 60 minutes, or LOCAL_BACKEND_TOKEN_TTL_SECONDS (tests use a few seconds). */
export function tokenTtlSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['LOCAL_BACKEND_TOKEN_TTL_SECONDS'];
  if (raw === undefined || raw === '') return 3600;
  const ttl = Number(raw);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86400)
    throw new Error(`LOCAL_BACKEND_TOKEN_TTL_SECONDS must be a whole number of seconds from 1 to 86400, got ${raw}`);
  return ttl;
}

export async function createIdentityService(
  ctx: ServiceContext,
  client: UserPoolClientSettings,
): Promise<IdentityService> {
  const id = openIdentity(ctx.options.dataDir, ctx.baseUrl, ctx.log, client);
  const admin = new AdminApi(
    id.store,
    id.userPool,
    {
      region: REGION,
      userPoolId: id.userPoolId,
      groups: id.groups,
      adminCreateUserOnly: client.adminCreateUserOnly ?? false,
    },
    ctx.log,
    (key) => id.identityPool.credentialsFor(key),
  );
  const jwksPath = `${USER_POOL_PATH}/${id.userPoolId}/.well-known/jwks.json`;
  const openIdPath = `${USER_POOL_PATH}/${id.userPoolId}/.well-known/openid-configuration`;

  const api: IdentityApi = {
    region: REGION,
    userPoolId: id.userPoolId,
    userPoolClientId: id.clientId,
    identityPoolId: id.identityPoolId,
    verifyToken: async (token, use) => id.userPool.verifyToken(token, use),
    credentialsFor: (accessKeyId) => id.identityPool.credentialsFor(accessKeyId),
  };

  const service: LocalService = {
    name: 'identity',
    claims: (_req, url) => url.pathname.startsWith(USER_POOL_PATH) || url.pathname.startsWith(IDENTITY_POOL_PATH),
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      if (req.method === 'GET' && url.pathname === jwksPath) return sendJson(res, 200, id.signer.jwks());
      if (req.method === 'GET' && url.pathname === openIdPath) {
        return sendJson(res, 200, {
          issuer: id.issuer,
          jwks_uri: `${ctx.baseUrl}${jwksPath}`,
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      const [serviceName, operation = ''] = target.split('.');
      const isUserPool =
        url.pathname.replace(/\/$/, '') === USER_POOL_PATH && serviceName === 'AWSCognitoIdentityProviderService';
      const isIdentityPool =
        url.pathname.replace(/\/$/, '') === IDENTITY_POOL_PATH && serviceName === 'AWSCognitoIdentityService';
      try {
        if (req.method !== 'POST' || (!isUserPool && !isIdentityPool)) {
          throw new CognitoError(
            'UnknownOperationException',
            `Unknown operation ${target || '(no X-Amz-Target)'} at ${url.pathname}`,
          );
        }
        let body: Record<string, unknown>;
        let text: string;
        try {
          text = (await readBody(req, 1 << 20)).toString('utf8');
          body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
        } catch (err) {
          if (err instanceof BodyTooLargeError) throw new CognitoError('InvalidParameterException', err.message);
          throw new CognitoError('SerializationException', 'The request body is not a JSON object');
        }
        let result;
        if (isUserPool && admin.isAdminAction(operation)) {
          const signed = { method: req.method, path: req.url ?? url.pathname, headers: req.headers, body: text };
          result = await admin.handle(operation, signed, body);
        } else if (isUserPool) {
          admin.gate(operation, body);
          result = await id.userPool.handle(operation, body);
          admin.afterSignIn(operation, body);
        } else {
          result = await id.identityPool.handle(operation, body);
        }
        sendJson(res, 200, result, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': randomUUID() });
      } catch (err) {
        if (!(err instanceof CognitoError)) throw err;
        ctx.log.debug(`${operation}: ${err.type}: ${err.message}`);
        sendJson(
          res,
          err.status,
          { __type: err.type, message: err.message },
          {
            'content-type': 'application/x-amz-json-1.1',
            'x-amzn-errortype': `${err.type}:`,
            'x-amzn-errormessage': headerSafe(err.message),
            'x-amzn-requestid': randomUUID(),
          },
        );
      }
    },
    outputs: () => ({
      auth: {
        aws_region: REGION,
        user_pool_id: id.userPoolId,
        user_pool_client_id: id.clientId,
        identity_pool_id: id.identityPoolId,
        mfa_methods: [],
        standard_required_attributes: ['email'],
        username_attributes: ['email'],
        user_verification_types: ['email'],
        groups: id.groups.map((name, precedence) => ({ [name]: { precedence } })),
        mfa_configuration: 'NONE',
        password_policy: {
          min_length: 8,
          require_lowercase: true,
          require_numbers: true,
          require_symbols: true,
          require_uppercase: true,
        },
        unauthenticated_identities_enabled: true,
      },
      custom: {
        userPoolEndpoint: `${ctx.baseUrl}${USER_POOL_PATH}`,
        identityPoolEndpoint: `${ctx.baseUrl}${IDENTITY_POOL_PATH}`,
      },
    }),
    close: async () => {
      id.store.close();
    },
  };

  return {
    service,
    api,
    userPool: id.userPool,
    store: id.store,
    admin,
    async seedDemoUsers() {
      for (const account of DEMO_ACCOUNTS) {
        if (id.store.userByEmailOrSub(account.email)) continue;
        const user = id.userPool.createUser(account.email, account.password);
        id.store.addToGroup(user.sub, account.group);
      }
      return DEMO_ACCOUNTS.map((a) => ({ ...a }));
    },
  };
}
