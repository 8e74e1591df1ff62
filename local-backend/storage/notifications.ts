import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { IssuedCredentials } from '../identity/api.ts';
import type { Logger } from '../log.ts';
import type { DeleteOutcome, ObjectMeta } from './object-store.ts';

/** S3 itself as the writer: the objects it delivers (S3 Inventory reports) are PUTs by the service. */
export interface S3ServicePrincipal {
  service: 's3.amazonaws.com';
}
export const S3_SERVICE: S3ServicePrincipal = { service: 's3.amazonaws.com' };

/** What the S3 handler tells after a write or a delete has been answered (its one seam for events). */
export type ObjectEvent =
  | {
      kind: 'ObjectCreated:Put' | 'ObjectCreated:Copy' | 'ObjectCreated:CompleteMultipartUpload';
      key: string;
      caller: IssuedCredentials | S3ServicePrincipal;
      /** Absent for a delivery by the service itself. */
      req?: IncomingMessage;
      meta: ObjectMeta;
    }
  | {
      kind: 'removed';
      key: string;
      caller: IssuedCredentials;
      req: IncomingMessage;
      outcome: DeleteOutcome;
      /** A DeleteObject naming a version (that version is gone for good, marker or not). */
      versionRequested: boolean;
    };

export type ObjectEventSink = (event: ObjectEvent) => void;

/** One `LambdaFunctionConfigurations` entry of the bucket's notification configuration. */
export interface StorageTrigger {
  functionName: string;
  /** `s3:ObjectCreated:*`, `s3:ObjectRemoved:*`, or one event such as `s3:ObjectRemoved:Delete`. */
  events: string[];
  prefix?: string;
  suffix?: string;
}

export interface NotificationSettings {
  bucket: string;
  region: string;
  triggers: StorageTrigger[];
  invoke(functionName: string, event: unknown): Promise<unknown>;
  log: Logger;
  /** Waits before the two retries of a failed invoke (Lambda's async invoke waits about 1 and 2 minutes). */
  retryDelaysMs?: number[];
}

/** S3 writes a key in an event URL-encoded as a form field: spaces as `+`, slashes kept. */
export function eventKey(key: string): string {
  return key
    .split('/')
    .map((part) =>
      encodeURIComponent(part)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/** An IAM role's unique id as S3 shows it (AROA…), stable for a role name. */
function roleId(name: string): string {
  return `AROA${createHash('sha256').update(name).digest('hex').slice(0, 17).toUpperCase()}`;
}

/**
 * The principal S3 names in an event: an assumed role's id and session. Identity-pool credentials
 * are a session named CognitoIdentityCredentials of the role the identity took (a group's, or the
 * authenticated or guest role); a function's role session is named after the function.
 */
export function principalOf(caller: IssuedCredentials | S3ServicePrincipal): string {
  // S3's own actions (lifecycle expirations, deliveries) name the service, not a role.
  if ('service' in caller) return caller.service;
  if (caller.identityId.includes('-role/')) {
    const fn = caller.identityId.split('/').pop()!;
    return `AWS:${roleId(`function:${fn}`)}:${fn}`;
  }
  const role = caller.role.kind === 'group' ? `group:${caller.role.group}` : caller.role.kind;
  return `AWS:${roleId(role)}:CognitoIdentityCredentials`;
}

function eventName(event: ObjectEvent): string {
  if (event.kind !== 'removed') return event.kind;
  return event.outcome.deleteMarker && !event.versionRequested
    ? 'ObjectRemoved:DeleteMarkerCreated'
    : 'ObjectRemoved:Delete';
}

function matches(trigger: StorageTrigger, name: string, key: string): boolean {
  const typeMatches = trigger.events.some((e) => {
    const wanted = e.replace(/^s3:/, '');
    return wanted.endsWith(':*') ? name.startsWith(wanted.slice(0, -1)) : wanted === name;
  });
  return (
    typeMatches &&
    key.startsWith(trigger.prefix ?? '') &&
    (trigger.suffix === undefined || key.endsWith(trigger.suffix))
  );
}

/**
 * The bucket's event notifications to Lambda: after each write or delete S3 has answered, every
 * trigger whose events (and key filters) match gets the notification Lambda gets, invoked
 * asynchronously (the S3 answer never waits), retried twice on failure as Lambda's async invoke
 * does, and one at a time per function and key so a key's events arrive in the order they happened.
 */
export class BucketNotifications {
  private sequence = BigInt(Date.now()) * 1_000_000n;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retryDelays: number[];
  private closed = false;
  private readonly waits = new Set<() => void>();

  constructor(private readonly settings: NotificationSettings) {
    this.retryDelays = settings.retryDelaysMs ?? [1_000, 2_000];
  }

  readonly sink: ObjectEventSink = (event) => {
    // Told after S3 has answered: nothing here may fail the request it is told of.
    if (this.closed) return;
    try {
      const name = eventName(event);
      const targets = this.settings.triggers.filter((t) => matches(t, name, event.key));
      if (targets.length === 0) return;
      const notification = { Records: [this.record(event, name)] };
      for (const t of targets) this.enqueue(`${t.functionName}\n${event.key}`, t.functionName, notification);
    } catch (err) {
      this.settings.log.warn(`storage notification for ${event.key} not sent: ${(err as Error).message}`);
    }
  };

  /** Stops: nothing more is invoked, a retry waiting is dropped (the backend is going away). */
  close(): void {
    this.closed = true;
    for (const stop of this.waits) stop();
  }

  /** Resolves once every notification sent so far has been delivered or has used up its retries. */
  async settled(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  private enqueue(chainKey: string, functionName: string, notification: unknown): void {
    const previous = this.chains.get(chainKey) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(functionName, notification));
    this.chains.set(chainKey, next);
    void next.then(() => {
      if (this.chains.get(chainKey) === next) this.chains.delete(chainKey);
    });
  }

  private async deliver(functionName: string, notification: unknown): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await this.settings.invoke(functionName, notification);
        return;
      } catch (err) {
        const delay = this.retryDelays[attempt];
        if (delay === undefined) {
          this.settings.log.warn(
            `storage trigger ${functionName} failed ${attempt + 1} times; the event is dropped: ${(err as Error).message}`,
          );
          return;
        }
        if (this.closed) return;
        this.settings.log.info(`storage trigger ${functionName} failed (${(err as Error).message}); retrying`);
        await this.wait(delay);
      }
    }
  }

  /** A retry's wait, which close() ends at once; it never keeps the process alive. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const stop = () => {
        clearTimeout(timer);
        this.waits.delete(stop);
        resolve();
      };
      const timer = setTimeout(stop, ms);
      timer.unref();
      this.waits.add(stop);
    });
  }

  private record(event: ObjectEvent, name: string) {
    const { bucket, region } = this.settings;
    // S3's sequencer grows with each event of a key: hexadecimal, compared as text at equal length.
    const sequencer = (this.sequence++).toString(16).toUpperCase().padStart(18, '0');
    const object =
      event.kind === 'removed'
        ? {
            key: eventKey(event.key),
            ...(event.outcome.versionId && event.outcome.versionId !== 'null'
              ? { versionId: event.outcome.versionId }
              : {}),
            sequencer,
          }
        : {
            key: eventKey(event.key),
            size: event.meta.size,
            eTag: event.meta.etag,
            ...(event.meta.versionId !== 'null' ? { versionId: event.meta.versionId } : {}),
            sequencer,
          };
    return {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: new Date().toISOString(),
      eventName: name,
      userIdentity: { principalId: principalOf(event.caller) },
      requestParameters: { sourceIPAddress: sourceIp(event.req) },
      responseElements: {
        'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
        'x-amz-id-2': randomBytes(48).toString('base64'),
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'amplify-storage-trigger',
        bucket: { name: bucket, ownerIdentity: { principalId: 'A3LOCALBACKENDOWNER' }, arn: `arn:aws:s3:::${bucket}` },
        object,
      },
    };
  }
}

function sourceIp(req: IncomingMessage | undefined): string {
  // A service's own request has no client address; S3 names the service.
  if (!req) return 's3.amazonaws.com';
  const address = req.socket?.remoteAddress ?? '127.0.0.1';
  return address.replace(/^::ffff:/, '');
}
