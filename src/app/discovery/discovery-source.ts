import { Injectable, InjectionToken, inject } from '@angular/core';
import { Session } from '../core/auth/session';
import { AppConfig } from '../core/config/app-config';
import { loadDataModule } from '../shared/model-api';
import { CONSOLE_CONFIG_URL } from './console-config';
import type { RecordSample } from './discover-file-fields';
import { primaryKeyOf, readIntrospection, type IntrospectedModel } from './model-introspection';
import { permissionsFor } from './model-permissions';

/** Records sampled per model: enough to see what file fields hold, little enough to stay quick. */
export const SAMPLE_SIZE = 20;

/** Everything discovery reads at start-up. */
export interface DiscoveryInputs {
  readonly outputs: unknown;
  /** console.config.json as parsed, when there is one. */
  readonly config?: unknown;
  /** Why console.config.json could not be read (not JSON, server error); absent when it is fine or simply not there. */
  readonly configProblem?: string;
  readonly sample: RecordSample;
  /** Models that could not be sampled, and why. */
  readonly sampleNotes: readonly string[];
  readonly groups: readonly string[];
  readonly identityId?: string;
}

/** Where the Discovery page gets its inputs: the seam its spec fakes. */
export interface DiscoverySource {
  load(): Promise<DiscoveryInputs>;
}

export const DISCOVERY_SOURCE = new InjectionToken<DiscoverySource>('DISCOVERY_SOURCE', {
  providedIn: 'root',
  factory: () => inject(AmplifyDiscoverySource),
});

/** The console's own: the outputs it started with, console.config.json beside them, a few records per model. */
@Injectable({ providedIn: 'root' })
export class AmplifyDiscoverySource implements DiscoverySource {
  private readonly appConfig = inject(AppConfig);
  private readonly session = inject(Session);

  async load(): Promise<DiscoveryInputs> {
    const state = this.appConfig.state();
    const outputs = state.status === 'ready' ? state.outputs : undefined;
    const groups = this.session.groups();
    const [{ config, configProblem }, { sample, sampleNotes }, identityId] = await Promise.all([
      readConsoleConfig(),
      sampleRecords(outputs, groups),
      identityIdOf(),
    ]);
    return { outputs, config, configProblem, sample, sampleNotes, groups, identityId };
  }
}

/** console.config.json beside the app: absent is fine (404, or the HTML page an SPA server answers with). */
export async function readConsoleConfig(
  fetchFn: typeof fetch = (input, init) => fetch(input, init),
): Promise<{ config?: unknown; configProblem?: string }> {
  try {
    const response = await fetchFn(CONSOLE_CONFIG_URL, { cache: 'no-store' });
    if (response.status === 404) return {};
    if (!response.ok) return { configProblem: `${CONSOLE_CONFIG_URL} could not be loaded (HTTP ${response.status}).` };
    const text = await response.text();
    if (/^\s*</.test(text)) return {};
    try {
      return { config: JSON.parse(text) as unknown };
    } catch {
      return { configProblem: `${CONSOLE_CONFIG_URL} is not valid JSON, so none of it applies.` };
    }
  } catch (err) {
    return { configProblem: `The request for ${CONSOLE_CONFIG_URL} failed: ${(err as Error).message}` };
  }
}

function sampleQuery(model: IntrospectedModel): string {
  const fields = new Set([
    ...primaryKeyOf(model),
    ...Object.values(model.fields)
      .filter((f) => f.type === 'String' && !f.isReadOnly)
      .map((f) => f.name),
  ]);
  const plural = model.pluralName ?? `${model.name}s`;
  return `query Sample${model.name}($limit: Int) { list${plural}(limit: $limit) { items { ${[...fields].join(' ')} } } }`;
}

async function sampleRecords(
  outputs: unknown,
  groups: readonly string[],
): Promise<{ sample: RecordSample; sampleNotes: string[] }> {
  const introspection = readIntrospection(outputs);
  if (!introspection) return { sample: {}, sampleNotes: [] };
  const { generateClient } = await loadDataModule();
  const client = generateClient() as unknown as {
    graphql(options: { query: string; variables: Record<string, unknown>; authMode: string }): Promise<unknown>;
  };
  const sample: Record<string, Record<string, unknown>[]> = {};
  const sampleNotes: string[] = [];
  await Promise.all(
    Object.values(introspection.models).map(async (model) => {
      const { authMode, read } = permissionsFor(model.name, groups, introspection);
      if (read === 'none') return void sampleNotes.push(`${model.name} was not sampled: your groups cannot read it.`);
      try {
        const result = (await client.graphql({
          query: sampleQuery(model),
          variables: { limit: SAMPLE_SIZE },
          authMode,
        })) as {
          data?: Record<string, { items?: Record<string, unknown>[] } | null>;
        };
        sample[model.name] = result.data?.[`list${model.pluralName ?? `${model.name}s`}`]?.items ?? [];
      } catch (err) {
        const errors = (err as { errors?: { message?: string }[] }).errors;
        const reason = errors?.[0]?.message ?? (err as Error).message ?? String(err);
        sampleNotes.push(`${model.name} could not be sampled: ${reason}`);
      }
    }),
  );
  return { sample, sampleNotes };
}

async function identityIdOf(): Promise<string | undefined> {
  try {
    const { fetchAuthSession } = await import('aws-amplify/auth');
    return (await fetchAuthSession()).identityId;
  } catch {
    return undefined;
  }
}
