import { Injectable, signal } from '@angular/core';
import type { ResourcesConfig } from 'aws-amplify';
import type { LocalBackendCustomOutputs } from './resources-config';

/** Where the console gets its backend from: amplify_outputs.json served beside the app. */
export const OUTPUTS_URL = 'amplify_outputs.json';

export type ConfigState =
  | { status: 'loading' }
  | { status: 'ready'; outputs: Record<string, unknown>; local: boolean; region?: string }
  | { status: 'missing'; detail: string }
  | { status: 'invalid'; detail: string };

/**
 * Loads amplify_outputs.json at start-up (not compiled in, so one build can be pointed at any
 * backend), checks it and configures Amplify with it. The state says why the app cannot start.
 */
@Injectable({ providedIn: 'root' })
export class AppConfig {
  private readonly stateSignal = signal<ConfigState>({ status: 'loading' });
  readonly state = this.stateSignal.asReadonly();

  /** Seam for tests: what configuring Amplify means. Amplify is imported here, not up front. */
  protected async configureAmplify(config: ResourcesConfig): Promise<void> {
    const [{ Amplify }, { ConsoleLogger }] = await Promise.all([import('aws-amplify'), import('aws-amplify/utils')]);
    // Amplify writes its own line to the browser console for failures it also throws, each of
    // which the console shows the operator (a snackbar, the unreachable banner): a backend that is
    // away would flood it with "Network Error". `window.LOG_LEVEL = 'DEBUG'` brings them back.
    ConsoleLogger.LOG_LEVEL = 'NONE';
    Amplify.configure(config);
  }

  async load(fetchFn: typeof fetch = (input, init) => fetch(input, init)): Promise<ConfigState> {
    const next = await this.read(fetchFn);
    this.stateSignal.set(next);
    return next;
  }

  private async read(fetchFn: typeof fetch): Promise<ConfigState> {
    let response: Response;
    try {
      response = await fetchFn(OUTPUTS_URL, { cache: 'no-store' });
    } catch (err) {
      return { status: 'missing', detail: `The request for ${OUTPUTS_URL} failed: ${(err as Error).message}` };
    }
    if (response.status === 404) {
      return { status: 'missing', detail: `${OUTPUTS_URL} was not found beside the app.` };
    }
    if (!response.ok) {
      return { status: 'missing', detail: `${OUTPUTS_URL} could not be loaded (HTTP ${response.status}).` };
    }
    const text = await response.text();
    let outputs: unknown;
    try {
      outputs = JSON.parse(text);
    } catch {
      const looksLikeHtml = /^\s*</.test(text);
      return looksLikeHtml
        ? {
            status: 'missing',
            detail: `${OUTPUTS_URL} was not found beside the app (the server answered with a page).`,
          }
        : { status: 'invalid', detail: `${OUTPUTS_URL} is not valid JSON.` };
    }
    const problem = validateOutputs(outputs);
    if (problem) return { status: 'invalid', detail: problem };
    const record = outputs as Record<string, unknown>;
    try {
      const { toResourcesConfig } = await import('./resources-config');
      await this.configureAmplify(toResourcesConfig(record));
    } catch (err) {
      return { status: 'invalid', detail: `Amplify refused the configuration: ${(err as Error).message}` };
    }
    const custom = (record['custom'] ?? {}) as LocalBackendCustomOutputs;
    const auth = record['auth'] as { aws_region?: string };
    return { status: 'ready', outputs: record, local: custom.localBackend === true, region: auth.aws_region };
  }
}

/** Returns what is wrong with an outputs object, or undefined when the console can use it. */
export function validateOutputs(outputs: unknown): string | undefined {
  if (typeof outputs !== 'object' || outputs === null || Array.isArray(outputs)) {
    return `${OUTPUTS_URL} must hold a JSON object.`;
  }
  const o = outputs as Record<string, unknown>;
  if (typeof o['version'] !== 'string') return `${OUTPUTS_URL} has no "version": is it an Amplify Gen 2 outputs file?`;
  const auth = o['auth'] as Record<string, unknown> | undefined;
  if (!auth || typeof auth !== 'object')
    return `${OUTPUTS_URL} has no "auth" section: the console needs a Cognito user pool.`;
  for (const field of ['user_pool_id', 'user_pool_client_id', 'aws_region']) {
    if (typeof auth[field] !== 'string' || !auth[field]) return `${OUTPUTS_URL}: auth.${field} is missing.`;
  }
  const data = o['data'] as Record<string, unknown> | undefined;
  if (data === undefined || data === null) {
    return `${OUTPUTS_URL} has no "data" section: the console looks after the records of a Data backend (defineData), and this backend has none.`;
  }
  if (typeof data !== 'object' || typeof data['url'] !== 'string') return `${OUTPUTS_URL}: data.url is missing.`;
  const introspection = data['model_introspection'] as Record<string, unknown> | undefined;
  if (!introspection || typeof introspection !== 'object' || typeof introspection['models'] !== 'object') {
    return `${OUTPUTS_URL} has no data.model_introspection, so the console cannot see the backend's models: write the file again with a current \`npx ampx generate outputs\` (or \`npx ampx sandbox\`).`;
  }
  return undefined;
}
