import { Kind, parse, type DirectiveNode, type ObjectValueNode } from 'graphql';
import type { AuthRule } from './schema-loader.ts';

/**
 * The transformer's default identity claim for owner rules in Gen 2: the owner field holds
 * `<sub>::<username>`.
 */
export const DEFAULT_IDENTITY_CLAIM = 'sub::username';

/** The identity claim each owner rule of the model schema names, by model (and field) and owner field. */
export interface OwnerClaims {
  of(rule: AuthRule, model: string, field?: string): string;
}

/**
 * Reads owner rules' `identityClaim` from the @model/@auth schema the transformer runs on. The
 * model introspection writes `cognito:username` for every owner rule that names none, so it
 * cannot tell the default (`sub::username`) from an explicit `cognito:username`.
 */
export function ownerClaimsOf(modelSchema: string): OwnerClaims {
  const claims = new Map<string, string>();
  const record = (directives: readonly DirectiveNode[] | undefined, where: string) => {
    for (const directive of directives ?? []) {
      if (directive.name.value !== 'auth') continue;
      const rules = directive.arguments?.find((a) => a.name.value === 'rules')?.value;
      if (rules?.kind !== Kind.LIST) continue;
      for (const rule of rules.values) {
        if (rule.kind !== Kind.OBJECT || stringOf(rule, 'allow') !== 'owner') continue;
        const ownerField = stringOf(rule, 'ownerField') ?? 'owner';
        claims.set(`${where}/${ownerField}`, stringOf(rule, 'identityClaim') ?? DEFAULT_IDENTITY_CLAIM);
      }
    }
  };
  for (const def of parse(modelSchema, { noLocation: true }).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    record(def.directives, def.name.value);
    for (const field of def.fields ?? []) record(field.directives, `${def.name.value}.${field.name.value}`);
  }
  return {
    of: (rule, model, field) =>
      claims.get(`${field ? `${model}.${field}` : model}/${rule.ownerField ?? 'owner'}`) ??
      rule.identityClaim ??
      DEFAULT_IDENTITY_CLAIM,
  };
}

function stringOf(node: ObjectValueNode, name: string): string | undefined {
  const value = node.fields.find((f) => f.name.value === name)?.value;
  if (value?.kind === Kind.STRING || value?.kind === Kind.ENUM) return value.value;
  return undefined;
}
