/**
 * What the synthesized CloudFormation says about a Gen 2 storage bucket beyond its access rules:
 * its versioning, its lifecycle rules, and the IAM statements about versions that a backend.ts
 * attached to the identity pool's roles (a group role's inline policy, say). Read from the
 * templates `ampx` would deploy, so the local S3 follows the same settings as the cloud bucket.
 */

import { inventoryConfigurations, type InventoryConfiguration } from './inventory-config.ts';

export type VersioningStatus = 'Enabled' | 'Suspended';

export interface LifecycleRule {
  id: string;
  /** The key prefix the rule applies to ('' for the whole bucket). */
  prefix: string;
  /** NoncurrentVersionExpiration.NoncurrentDays. */
  noncurrentDays?: number;
  /** A delete marker with no version left under it is removed. */
  expiredObjectDeleteMarker: boolean;
  /** AbortIncompleteMultipartUpload.DaysAfterInitiation. */
  abortIncompleteDays?: number;
  /** Parts of the rule the local S3 does not apply (transitions, tag filters, …), by property name. */
  unsupported: string[];
}

/** An IAM statement about the bucket, on one role of the identity pool. */
export interface TemplateGrant {
  /** As the storage access rules name roles: `group:ADMINS`, `authenticated`, `guest`. */
  role: string;
  effect: 'Allow' | 'Deny';
  /** IAM action patterns as written (`s3:GetObjectVersion`, `s3:*`). */
  actions: string[];
  /** '' is the bucket itself; anything else an object key pattern (`images/*`). */
  resources: string[];
  /** StringLike s3:prefix values, when the statement has that condition. */
  prefixes?: string[];
}

export interface BucketTemplate {
  /** The bucket's `amplify:friendly-name` tag: defineStorage's `name`. */
  friendlyName: string;
  versioning?: VersioningStatus;
  lifecycle: LifecycleRule[];
  grants: TemplateGrant[];
  /** S3 Inventory reports the bucket makes (absent: none). */
  inventory?: InventoryConfiguration[];
}

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}
export interface Template {
  Resources?: Record<string, Resource>;
  Outputs?: Record<string, { Value: unknown }>;
}

const BUCKET_MARK = '\u0000bucket:';
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Follows references across nested stacks: a parameter of a nested stack is set by the stack
 * resource that creates it, often to an output of another nested stack (`Outputs.<name>`).
 */
class References {
  private readonly resources = new Map<string, Resource>();
  private readonly params = new Map<string, unknown>();
  private readonly outputs = new Map<string, unknown>();
  readonly roles = new Map<string, string>();

  constructor(templates: Template[]) {
    for (const t of templates) {
      for (const [id, r] of Object.entries(t.Resources ?? {})) {
        this.resources.set(id, r);
        if (r.Type === 'AWS::CloudFormation::Stack') {
          for (const [name, value] of Object.entries((r.Properties?.['Parameters'] as Obj) ?? {})) {
            this.params.set(name, value);
          }
        }
      }
      for (const [name, o] of Object.entries(t.Outputs ?? {})) this.outputs.set(name, o.Value);
    }
    for (const r of this.resources.values()) {
      const p = r.Properties ?? {};
      if (r.Type === 'AWS::Cognito::UserPoolGroup') {
        const role = this.attOf(p['RoleArn']);
        if (role) this.roles.set(role, `group:${String(p['GroupName'])}`);
      }
      if (r.Type === 'AWS::Cognito::IdentityPoolRoleAttachment' && isObj(p['Roles'])) {
        const roles = p['Roles'];
        const authenticated = this.attOf(roles['authenticated']);
        const guest = this.attOf(roles['unauthenticated']);
        if (authenticated) this.roles.set(authenticated, 'authenticated');
        if (guest) this.roles.set(guest, 'guest');
      }
    }
  }

  private attOf(v: unknown): string | undefined {
    const att = isObj(v) ? v['Fn::GetAtt'] : undefined;
    return Array.isArray(att) ? String(att[0]) : undefined;
  }

  /** The resource a reference ends at (a Ref, a GetAtt, or a chain of parameters and outputs). */
  target(v: unknown, depth = 0): string | undefined {
    if (!isObj(v) || depth > 8) return undefined;
    if (typeof v['Ref'] === 'string') {
      const id = v['Ref'];
      if (this.resources.has(id)) return id;
      return this.params.has(id) ? this.target(this.params.get(id), depth + 1) : undefined;
    }
    const att = v['Fn::GetAtt'];
    if (Array.isArray(att)) {
      const [id, name] = att.map(String) as [string, string];
      if (name.startsWith('Outputs.')) return this.target(this.outputs.get(name.slice('Outputs.'.length)), depth + 1);
      return id;
    }
    return undefined;
  }

  /** A string value with each bucket's ARN marked by the bucket's logical id; undefined if not resolvable. */
  text(v: unknown, depth = 0): string | undefined {
    if (typeof v === 'string') return v;
    if (!isObj(v) || depth > 8) return undefined;
    const join = v['Fn::Join'];
    if (Array.isArray(join)) {
      const [sep, parts] = join as [string, unknown[]];
      const texts = parts.map((p) => this.text(p, depth + 1));
      return texts.every((t) => t !== undefined) ? texts.join(sep) : undefined;
    }
    const att = v['Fn::GetAtt'];
    if (Array.isArray(att) && att[1] === 'Arn') {
      const id = String(att[0]);
      return this.resources.get(id)?.Type === 'AWS::S3::Bucket' ? `${BUCKET_MARK}${id}` : undefined;
    }
    if (typeof v['Ref'] === 'string' && this.params.has(v['Ref']))
      return this.text(this.params.get(v['Ref']), depth + 1);
    if (Array.isArray(att) && String(att[1]).startsWith('Outputs.')) {
      return this.text(this.outputs.get(String(att[1]).slice('Outputs.'.length)), depth + 1);
    }
    return undefined;
  }

  entries(): [string, Resource][] {
    return [...this.resources.entries()];
  }
}

const numberOf = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : undefined);
const APPLIED = new Set([
  'Id',
  'Status',
  'Prefix',
  'NoncurrentVersionExpiration',
  'NoncurrentVersionExpirationInDays',
  'ExpiredObjectDeleteMarker',
  'AbortIncompleteMultipartUpload',
]);

function lifecycleRule(rule: Obj, index: number): LifecycleRule {
  const noncurrent = isObj(rule['NoncurrentVersionExpiration']) ? rule['NoncurrentVersionExpiration'] : undefined;
  const unsupported = Object.keys(rule).filter((k) => !APPLIED.has(k));
  if (noncurrent && noncurrent['NewerNoncurrentVersions'] !== undefined) unsupported.push('NewerNoncurrentVersions');
  const abort = isObj(rule['AbortIncompleteMultipartUpload']) ? rule['AbortIncompleteMultipartUpload'] : undefined;
  return {
    id: typeof rule['Id'] === 'string' ? rule['Id'] : `rule ${index + 1}`,
    prefix: typeof rule['Prefix'] === 'string' ? rule['Prefix'] : '',
    noncurrentDays: numberOf(noncurrent?.['NoncurrentDays'] ?? rule['NoncurrentVersionExpirationInDays']),
    expiredObjectDeleteMarker:
      rule['ExpiredObjectDeleteMarker'] === true || rule['ExpiredObjectDeleteMarker'] === 'true',
    abortIncompleteDays: numberOf(abort?.['DaysAfterInitiation']),
    unsupported,
  };
}

/** Every Gen 2 storage bucket of the synthesized templates (those tagged with a friendly name). */
export function extractBuckets(templates: Template[]): BucketTemplate[] {
  const refs = new References(templates);
  const buckets = new Map<string, BucketTemplate>();
  for (const [id, r] of refs.entries()) {
    if (r.Type !== 'AWS::S3::Bucket') continue;
    const tags = (r.Properties?.['Tags'] ?? []) as { Key: string; Value: string }[];
    const friendlyName = tags.find((t) => t.Key === 'amplify:friendly-name')?.Value;
    if (!friendlyName) continue;
    const status = (r.Properties?.['VersioningConfiguration'] as Obj | undefined)?.['Status'];
    const rules = ((r.Properties?.['LifecycleConfiguration'] as Obj | undefined)?.['Rules'] ?? []) as Obj[];
    buckets.set(id, {
      friendlyName,
      versioning: status === 'Enabled' || status === 'Suspended' ? status : undefined,
      lifecycle: rules.filter((rule) => rule['Status'] === 'Enabled').map(lifecycleRule),
      grants: [],
      inventory: inventoryConfigurations(
        r.Properties?.['InventoryConfigurations'],
        (arn) => refs.text(arn) === `${BUCKET_MARK}${id}`,
      ),
    });
  }

  for (const [, r] of refs.entries()) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = ((r.Properties?.['Roles'] ?? []) as unknown[])
      .map((ref) => refs.roles.get(refs.target(ref) ?? ''))
      .filter((role): role is string => role !== undefined);
    if (roles.length === 0) continue;
    const statements = [(r.Properties?.['PolicyDocument'] as Obj | undefined)?.['Statement'] ?? []].flat() as Obj[];
    for (const s of statements) {
      const byBucket = new Map<string, string[]>();
      for (const resource of [s['Resource']].flat()) {
        const m = new RegExp(`^${BUCKET_MARK}([^/]+)(?:/(.*))?$`).exec(refs.text(resource) ?? '');
        if (m && buckets.has(m[1]!)) byBucket.set(m[1]!, [...(byBucket.get(m[1]!) ?? []), m[2] ?? '']);
      }
      const like = isObj(s['Condition']) && isObj(s['Condition']['StringLike']) ? s['Condition']['StringLike'] : {};
      const prefixes = like['s3:prefix'] === undefined ? undefined : [like['s3:prefix']].flat().map(String);
      for (const [bucketId, resources] of byBucket) {
        for (const role of roles) {
          buckets.get(bucketId)!.grants.push({
            role,
            effect: s['Effect'] === 'Deny' ? 'Deny' : 'Allow',
            actions: [s['Action']].flat().map(String),
            resources,
            ...(prefixes ? { prefixes } : {}),
          });
        }
      }
    }
  }
  return [...buckets.values()];
}
