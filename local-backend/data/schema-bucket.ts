import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignatureError, verifySignature } from '../sigv4/verify.ts';
import { errorDoc } from '../storage/xml.ts';
import type { FunctionApiRoles } from './function-api-roles.ts';

/**
 * The Data construct's model introspection bucket: Gen 2 deploys the schema's introspection there
 * and gives a function granted `allow.resource(fn)` its bucket and key, which
 * `getAmplifyDataClientConfig` reads with the function's role before it configures the data client.
 */
export const SCHEMA_BUCKET = 'amplify-data-model-introspection-local';
export const SCHEMA_KEY = 'modelIntrospectionSchema.json';

/** The variables Gen 2 resolves from SSM for a function with data access, locally. */
export function dataClientEnvironment(ssmNames: string[], graphqlUrl: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ssmNames) {
    const endpoint = /^(.+)_GRAPHQL_ENDPOINT$/.exec(name);
    if (endpoint) {
      env[name] = graphqlUrl;
      // The data client config finds the other variables by this name in SCREAMING_SNAKE_CASE.
      if (ssmNames.includes('AMPLIFY_DATA_DEFAULT_NAME')) {
        env['AMPLIFY_DATA_DEFAULT_NAME'] = endpoint[1]!
          .toLowerCase()
          .replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
      }
    }
    if (name.endsWith('_MODEL_INTROSPECTION_SCHEMA_BUCKET_NAME')) env[name] = SCHEMA_BUCKET;
    if (name.endsWith('_MODEL_INTROSPECTION_SCHEMA_KEY')) env[name] = SCHEMA_KEY;
  }
  return env;
}

const send = (res: ServerResponse, status: number, code: string, message: string): void => {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(errorDoc(code, message));
};

/** GetObject (and HeadObject) of the introspection schema, for function roles granted it. */
export async function handleSchemaBucket(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  roles: FunctionApiRoles | undefined,
  introspection: unknown,
): Promise<void> {
  req.resume();
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
  }
  let accessKeyId: string;
  try {
    const verified = await verifySignature(
      's3',
      { method: req.method, url: req.url ?? url.pathname, headers: req.headers },
      (id) => roles?.credentials(id),
    );
    accessKeyId = verified.creds.accessKeyId;
  } catch (err) {
    if (err instanceof SignatureError) return send(res, err.status, err.code, err.message);
    throw err;
  }
  const key = decodeURIComponent(url.pathname.slice(SCHEMA_BUCKET.length + 2));
  // The grant names the schema object only: any other key, or a role without it, is refused.
  if (key !== SCHEMA_KEY || !roles?.mayReadSchema(accessKeyId)) return send(res, 403, 'AccessDenied', 'Access Denied');
  const body = Buffer.from(JSON.stringify(introspection));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': body.length,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
