import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { ACCOUNT } from '../dynamodb/tables.ts';
import type { Logger } from '../log.ts';
import type { Caller } from './caller.ts';
import { AppSyncError, unauthorized } from './errors.ts';
import type { CustomOperation, FunctionDefinition } from './function-definitions.ts';
import type { ExecutionContext } from './resolvers.ts';

/** What a function gets from the local backend where the cloud would give it AWS resources. */
export interface FunctionRuntime {
  region: string;
  /** Values of the variables the deployed function resolves from SSM (e.g. AMPLIFY_AUTH_USERPOOL_ID). */
  resourceIds: Record<string, string>;
  /** Service endpoints for the AWS SDK's own settings, e.g. AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER. */
  endpoints: Record<string, string>;
  /** Variables resolved for this function beyond its synthesized ones (e.g. its tables' names). */
  environment?(fn: FunctionDefinition): Record<string, string>;
  /** Temporary credentials of the function's execution role (scoped to its grants). */
  credentials(fn: FunctionDefinition): {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken: string;
    expiration: Date;
  };
}

// Each function runs in its own worker thread, as in its own Lambda container: its own
// process.env, the deployed bundle loaded as it is.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const loaded = import(workerData.url);
parentPort.on('message', async ({ id, event, context }) => {
  try {
    const mod = await loaded;
    const deadline = Date.now() + context.timeoutMs;
    const result = await mod.handler(event, { ...context, getRemainingTimeInMillis: () => deadline - Date.now() });
    parentPort.postMessage({ id, result: result === undefined ? null : result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort.postMessage({ id, error: { errorType: e.name || 'Error', errorMessage: e.message } });
  }
});
`;

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
}

class FunctionInstance {
  private worker?: Worker;
  private expires = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly fn: FunctionDefinition,
    private readonly file: string,
    private readonly runtime: FunctionRuntime,
    private readonly log: Logger,
  ) {}

  get timeoutSeconds(): number {
    return this.fn.timeoutSeconds ?? 30;
  }

  invoke(event: unknown, timeoutMs: number): Promise<unknown> {
    const worker = this.ensure();
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new AppSyncError('Lambda:Unhandled', `Task timed out after ${timeoutMs / 1000} seconds`));
        this.stop(); // a Lambda that timed out is not reused
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, event, context: { functionName: this.fn.name, awsRequestId: id, timeoutMs } });
    });
  }

  stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private ensure(): Worker {
    // Fresh credentials before the old ones run out: a new container, as Lambda would start.
    if (this.worker && Date.now() < this.expires - 5 * 60_000) return this.worker;
    this.stop();
    const creds = this.runtime.credentials(this.fn);
    this.expires = creds.expiration.getTime();
    const resolved = this.runtime.environment?.(this.fn) ?? {};
    const env: Record<string, string> = {
      ...this.fn.environment,
      ...resolved,
      ...Object.fromEntries(this.fn.ssmEnvironment.map((k) => [k, this.runtime.resourceIds[k] ?? resolved[k] ?? ''])),
      // Resolved above, so the bundle's start-up SSM lookup has nothing left to fetch.
      AMPLIFY_SSM_ENV_CONFIG: '{}',
      AWS_REGION: this.runtime.region,
      AWS_DEFAULT_REGION: this.runtime.region,
      AWS_ACCESS_KEY_ID: creds.accessKeyId,
      AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
      AWS_SESSION_TOKEN: creds.sessionToken,
      AWS_LAMBDA_FUNCTION_NAME: this.fn.name,
      ...this.runtime.endpoints,
    };
    const worker = new Worker(WORKER, { eval: true, env, workerData: { url: pathToFileURL(this.file).href } });
    worker.unref();
    worker.on(
      'message',
      (msg: { id: string; result?: unknown; error?: { errorType: string; errorMessage: string } }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.error) {
          this.log.debug(`function ${this.fn.name}: ${msg.error.errorType}: ${msg.error.errorMessage}`);
          p.reject(new AppSyncError('Lambda:Unhandled', msg.error.errorMessage));
        } else p.resolve(msg.result);
      },
    );
    const fail = (why: string) => {
      if (this.worker === worker) this.worker = undefined;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        clearTimeout(p.timer);
        p.reject(new AppSyncError('Lambda:Unhandled', why));
      }
    };
    worker.on('error', (err) => {
      this.log.warn(`function ${this.fn.name} crashed: ${err.message}`);
      fail(`Function ${this.fn.name} failed: ${err.message}`);
    });
    worker.on('exit', (code) => fail(`Function ${this.fn.name} exited (code ${code})`));
    this.worker = worker;
    return worker;
  }
}

/** Runs the functions of the synthesized backend for the custom operations they resolve. */
export class FunctionHost {
  private readonly instances = new Map<string, FunctionInstance>();

  constructor(
    functions: FunctionDefinition[],
    dir: string,
    runtime: FunctionRuntime,
    private readonly log: Logger,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const fn of functions) {
      // Named by content: a changed function never runs an old bundle.
      const hash = createHash('sha256').update(fn.bundle).digest('hex').slice(0, 16);
      const file = join(dir, `${fn.name}-${hash}.mjs`);
      writeFileSync(file, fn.bundle);
      this.instances.set(fn.name, new FunctionInstance(fn, file, runtime, log));
    }
  }

  /** AppSync's invoke of a resolver's function: it waits 30 s at most, whatever the function's own timeout. */
  invoke(name: string, event: unknown): Promise<unknown> {
    const instance = this.instances.get(name);
    if (!instance) return Promise.reject(new AppSyncError('Lambda:Unhandled', `No function ${name}`));
    return instance.invoke(event, Math.min(30, instance.timeoutSeconds) * 1000);
  }

  /** An asynchronous invoke (a schedule's, say): the function runs up to its own timeout. */
  invokeAsync(name: string, event: unknown): Promise<unknown> {
    const instance = this.instances.get(name);
    if (!instance) return Promise.reject(new Error(`No function ${name}`));
    return instance.invoke(event, instance.timeoutSeconds * 1000);
  }

  /**
   * AppSync's Event invocation (an async handler): Lambda accepts the event and AppSync answers
   * `{ success: true }` at once; the function runs on, up to its own timeout, and its failure
   * reaches no caller (only the log, as CloudWatch would have it).
   */
  invokeEvent(name: string, event: unknown): { success: boolean } {
    if (!this.instances.has(name)) throw new AppSyncError('Lambda:Unhandled', `No function ${name}`);
    this.invokeAsync(name, event).catch((err: Error) => this.log.warn(`function ${name} failed: ${err.message}`));
    return { success: true };
  }

  close(): void {
    for (const i of this.instances.values()) i.stop();
  }
}

/** The payload AppSync's @function resolver sends the Lambda for a Cognito user-pool caller. */
export function functionEvent(op: CustomOperation, args: Record<string, unknown>, caller: Caller) {
  const claims = caller.claims;
  return {
    typeName: op.typeName,
    fieldName: op.fieldName,
    arguments: args,
    identity: claims
      ? {
          sub: claims.sub,
          username: claims['cognito:username'] ?? claims.username ?? claims.sub,
          groups: caller.groups.length ? caller.groups : null,
          claims,
          issuer: claims.iss,
          sourceIp: [],
          defaultAuthStrategy: 'ALLOW',
        }
      : caller.role
        ? {
            // AppSync's identity for an IAM principal that is no identity-pool identity: a role session.
            accountId: ACCOUNT,
            userArn: `arn:aws:sts::${ACCOUNT}:assumed-role/${caller.role.principal}`,
            username: caller.role.principal,
            sourceIp: [],
            cognitoIdentityPoolId: null,
            cognitoIdentityId: null,
            cognitoIdentityAuthType: null,
            cognitoIdentityAuthProvider: null,
          }
        : null,
    source: null,
    request: { headers: {}, domainName: null },
    prev: null,
  };
}

/** Whether the custom operation's @auth rules let the caller in. */
export function allowedByRules(rules: CustomOperation['rules'], caller: Caller): boolean {
  // A function's role (allow.resource): let through as by the model rules; its statements decide.
  if (caller.mode === 'AWS_IAM' && caller.role) return true;
  return rules.some((r) => {
    if (r.allow === 'groups') {
      return caller.mode === 'AMAZON_COGNITO_USER_POOLS' && (r.groups ?? []).some((g) => caller.groups.includes(g));
    }
    if (r.allow === 'private') {
      return r.provider === 'iam'
        ? caller.mode === 'AWS_IAM' && !!caller.iam?.authenticated
        : caller.mode === 'AMAZON_COGNITO_USER_POOLS';
    }
    if (r.allow === 'public') return r.provider === 'iam' ? caller.mode === 'AWS_IAM' : caller.mode === 'API_KEY';
    return false;
  });
}

/**
 * Resolves each custom operation with its function, after AppSync's mode check (the resolver
 * already attached) and the operation's own @auth rules.
 */
export function attachFunctionResolvers(
  schema: GraphQLSchema,
  operations: CustomOperation[],
  host: FunctionHost,
): void {
  for (const op of operations) {
    const type = schema.getType(op.typeName);
    const field = isObjectType(type) ? type.getFields()[op.fieldName] : undefined;
    if (!field) continue;
    const modeCheck = field.resolve;
    field.resolve = async (source, args, ctx: ExecutionContext, info) => {
      modeCheck?.(source, args, ctx, info);
      if (!allowedByRules(op.rules, ctx.caller)) throw unauthorized(op.fieldName, op.typeName);
      const event = functionEvent(op, args as Record<string, unknown>, ctx.caller);
      if (op.invocationType === 'Event') return host.invokeEvent(op.functionName, event);
      return host.invoke(op.functionName, event);
    };
  }
}
