import type { StorageTrigger } from './notifications.ts';

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
}

interface LambdaConfiguration {
  Events?: string[];
  LambdaFunctionArn?: unknown;
  Filter?: { Key?: { FilterRules?: { Name?: string; Value?: string }[] } };
}

/**
 * The storage triggers of a synthesized backend: `defineStorage({ triggers: { onUpload, onDelete } })`
 * becomes the bucket's notification configuration (CDK's `Custom::S3BucketNotifications`), one
 * `LambdaFunctionConfigurations` entry per trigger (`s3:ObjectCreated:*`, `s3:ObjectRemoved:*`)
 * whose function ARN refers, across stacks, to the function's Lambda.
 */
export function storageTriggers<L>(
  resources: [string, Resource][],
  resolve: (value: unknown) => unknown,
  lambdaFor: (reference: string) => L | undefined,
): { trigger: Omit<StorageTrigger, 'functionName'>; lambda: L }[] {
  const found: { trigger: Omit<StorageTrigger, 'functionName'>; lambda: L }[] = [];
  for (const [id, r] of resources) {
    if (r.Type !== 'Custom::S3BucketNotifications') continue;
    const config = resolve(r.Properties?.['NotificationConfiguration']) as
      | { LambdaFunctionConfigurations?: LambdaConfiguration[] }
      | undefined;
    for (const c of config?.LambdaFunctionConfigurations ?? []) {
      const lambda = lambdaFor(JSON.stringify(c.LambdaFunctionArn ?? null));
      if (!lambda) throw new Error(`no Lambda function found for the bucket notification ${id}`);
      const rules = c.Filter?.Key?.FilterRules ?? [];
      const rule = (name: string) => rules.find((f) => f.Name?.toLowerCase() === name)?.Value;
      const prefix = rule('prefix');
      const suffix = rule('suffix');
      found.push({
        trigger: {
          events: (c.Events ?? []).map(String),
          ...(prefix === undefined ? {} : { prefix }),
          ...(suffix === undefined ? {} : { suffix }),
        },
        lambda,
      });
    }
  }
  return found;
}
