import { InjectionToken } from '@angular/core';
import { Observable } from 'rxjs';
import type { Schema } from '../../../amplify/data/resource';
import { loadDataModule, type DataModule } from '../shared/model-api';
import { type RawScanRun, type ScanRun, readScanRun } from './scan-run';

/** Every run is in this partition of the time index (amplify/data/resource.ts). */
export const SCAN_RUN_FEED = 'all';

/** The server scan's runs on the Data client: the seam the specs fake. Failures reject with the backend's message. */
export interface ScanRunApi {
  /** The newest runs first. */
  latest(limit: number): Promise<ScanRun[]>;
  /** Each run created or updated from now on (realtime). */
  changes(): Observable<ScanRun>;
  /** Asks the backend to start a run now; it appears through changes(). */
  start(): Promise<void>;
}

const FIELDS =
  'id startedAt startedBy status finishedAt recordsRead objectsListed orphans dangling shared report totals error';
const BY_TIME = `query ListScanRunsByTime($feed: String!, $limit: Int) {
  listScanRunsByTime(feed: $feed, limit: $limit, sortDirection: DESC) { items { ${FIELDS} } } }`;
const ON_CREATE = `subscription OnCreateScanRun { onCreateScanRun { ${FIELDS} } }`;
const ON_UPDATE = `subscription OnUpdateScanRun { onUpdateScanRun { ${FIELDS} } }`;
const START = `mutation StartOrphanScan { startOrphanScan { success } }`;

interface GraphqlClient {
  graphql(options: { query: string; variables?: Record<string, unknown> }): unknown;
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: readonly { message: string }[];
}

function messageOf(err: unknown): string {
  const errors = (err as { errors?: readonly { message: string }[] }).errors;
  if (errors?.length) return errors.map((e) => e.message).join('; ');
  return err instanceof Error ? err.message : 'The backend did not answer';
}

async function call<T>(client: Promise<GraphqlClient>, query: string, variables: object, field: string): Promise<T> {
  let result: Answer;
  try {
    result = (await (await client).graphql({ query, variables: { ...variables } })) as Answer;
  } catch (err) {
    throw new Error(messageOf(err), { cause: err });
  }
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join('; '));
  const data = result.data?.[field];
  if (data === undefined || data === null) throw new Error('The backend gave no answer');
  return data as T;
}

/** The ScanRunApi on its own Data client (imported on first use). */
export function createAmplifyScanRunApi(load: () => Promise<DataModule> = loadDataModule): ScanRunApi {
  let client: Promise<GraphqlClient> | undefined;
  const c = () => (client ??= load().then((m) => m.generateClient<Schema>() as unknown as GraphqlClient));
  const subscribe = (query: string, field: string) =>
    new Observable<ScanRun>((observer) => {
      let inner: { unsubscribe(): void } | undefined;
      let closed = false;
      void c().then(
        (client) => {
          if (closed) return;
          const source = client.graphql({ query }) as {
            subscribe(o: { next(v: Answer): void; error(e: unknown): void }): { unsubscribe(): void };
          };
          inner = source.subscribe({
            next: (v) => {
              const raw = v.data?.[field] as RawScanRun | undefined;
              if (raw) observer.next(readScanRun(raw));
            },
            error: (e) => observer.error(new Error(messageOf(e), { cause: e })),
          });
        },
        (e: unknown) => observer.error(e),
      );
      return () => {
        closed = true;
        inner?.unsubscribe();
      };
    });
  return {
    latest: async (limit) => {
      const page = await call<{ items: RawScanRun[] }>(
        c(),
        BY_TIME,
        { feed: SCAN_RUN_FEED, limit },
        'listScanRunsByTime',
      );
      return page.items.map(readScanRun);
    },
    changes: () =>
      new Observable<ScanRun>((observer) => {
        const subs = [subscribe(ON_CREATE, 'onCreateScanRun'), subscribe(ON_UPDATE, 'onUpdateScanRun')].map((s) =>
          s.subscribe(observer),
        );
        return () => subs.forEach((s) => s.unsubscribe());
      }),
    start: async () => {
      const answer = await call<{ success: boolean }>(c(), START, {}, 'startOrphanScan');
      if (!answer.success) throw new Error('The backend did not start the scan');
    },
  };
}

export const SCAN_RUN_API = new InjectionToken<ScanRunApi>('ScanRunApi', {
  providedIn: 'root',
  factory: () => createAmplifyScanRunApi(),
});
