import { inject } from '@angular/core';
import type { CanMatchFn } from '@angular/router';
import { AppConfig } from '../config/app-config';

/** A file field a dedicated feature page manages (Songs: `Song.coverArtPath`, one file). */
export interface FileFieldNeed {
  readonly model: string;
  readonly field: string;
  readonly kind: 'one' | 'many';
}

/** What the backend must have for a feature to exist: its file fields, its custom operations, its models. */
export interface FeatureNeeds {
  readonly fileFields?: readonly FileFieldNeed[];
  readonly operations?: readonly string[];
  readonly models?: readonly string[];
}

/** The custom operations the Users page calls (amplify/data/resource.ts of this repository). */
export const USER_ADMIN_OPERATIONS = [
  'listUsers',
  'inviteUser',
  'setUserRole',
  'disableUser',
  'enableUser',
  'removeUser',
];

interface Introspection {
  models?: Record<string, { fields?: Record<string, { type?: unknown; isArray?: boolean }> }>;
  queries?: Record<string, unknown>;
  mutations?: Record<string, unknown>;
}

function introspectionOf(outputs: Record<string, unknown> | undefined): Introspection {
  const data = outputs?.['data'] as { model_introspection?: Introspection } | undefined;
  return data?.model_introspection ?? {};
}

/** Whether the outputs' backend has what a feature needs (a String or [String] field; an operation; a model). */
export function backendHas(outputs: Record<string, unknown> | undefined, needs: FeatureNeeds): boolean {
  const { models = {}, queries = {}, mutations = {} } = introspectionOf(outputs);
  const fieldsThere = (needs.fileFields ?? []).every(({ model, field, kind }) => {
    const found = models[model]?.fields?.[field];
    return found?.type === 'String' && Boolean(found.isArray) === (kind === 'many');
  });
  return (
    fieldsThere &&
    (needs.operations ?? []).every((op) => op in queries || op in mutations) &&
    (needs.models ?? []).every((model) => model in models)
  );
}

/**
 * A feature the backend lacks does not exist: its address matches nothing, so the not-found page
 * names it (a console for another app has no Songs page).
 */
export function featureGuard(needs: FeatureNeeds): CanMatchFn {
  return () => {
    const state = inject(AppConfig).state();
    return backendHas(state.status === 'ready' ? state.outputs : undefined, needs);
  };
}
