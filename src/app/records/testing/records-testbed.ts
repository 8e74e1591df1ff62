import { Injectable, type Provider } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { Routes } from '@angular/router';
import type { ResourcesConfig } from 'aws-amplify';
import type { FakeAuthClient } from '../../../testing/fake-auth-client';
import { FakeReachability } from '../../../testing/fake-reachability';
import { setUpScreen } from '../../../testing/screen-testbed';
import { STORAGE_API } from '../../attachments/storage-api';
import { FakeBucket } from '../../attachments/testing/fake-bucket';
import { FakeRecordTable } from '../../attachments/testing/fake-record-table';
import { Reachability } from '../../core/backend/reachability';
import { AppConfig } from '../../core/config/app-config';
import type { RecordSample } from '../../discovery/discover-file-fields';
import { DISCOVERY_SOURCE, type DiscoveryInputs } from '../../discovery/discovery-source';
import { DiscoveryState } from '../../discovery/discovery-state';
import { FILE_VERSIONS } from '../../recovery/bulk-undo';
import { FakeFileVersions } from '../../recovery/testing/fake-file-versions';
import { RECORD_DATA, type RecordDataApi } from '../model-records';
import type { AnyRecord } from '../record-model';

export type Row = AnyRecord & { readonly createdAt: string };

@Injectable()
class OutputsOnly extends AppConfig {
  protected override async configureAmplify(_config: ResourcesConfig): Promise<void> {
    // Amplify is not configured in a spec.
  }
}

export interface RecordsTestBed {
  /** One in-memory table per model, made when a screen first asks for it. */
  table(model: string): FakeRecordTable<Row>;
  bucket: FakeBucket;
  auth: FakeAuthClient;
  /** Sends a model's live list as it is in its table now. */
  publish(model: string, synced?: boolean): void;
}

/**
 * TestBed for the record screens: the real DiscoveryState run over `outputs` (and `sample`), a
 * console.config.json, a user in `groups` (identity `us-east-1:me`), the real workflows and engine over in-memory tables
 * and a bucket. Nothing here names a model: the outputs decide.
 */
export async function setUpRecords(
  outputs: Record<string, unknown>,
  groups: string[],
  routes: Routes = [],
  sample: RecordSample = {},
  config?: unknown,
  /** More fakes, for a screen that needs more than records and files. */
  providers: Provider[] = [],
): Promise<RecordsTestBed> {
  const tables = new Map<string, FakeRecordTable<Row>>();
  const bucket = new FakeBucket();
  const table = (model: string) => {
    let t = tables.get(model);
    if (!t) {
      const made = new FakeRecordTable<Row>();
      made.afterWrite = () => setTimeout(() => publish(model));
      tables.set(model, made);
      t = made;
    }
    return t;
  };
  const publish = (model: string, synced = true) => {
    const t = table(model);
    t.live.next({ items: [...t.rows.values()], synced });
  };
  const auth = await setUpScreen(groups, routes, [
    { provide: STORAGE_API, useValue: bucket },
    { provide: FILE_VERSIONS, useValue: new FakeFileVersions(bucket) },
    { provide: Reachability, useClass: FakeReachability },
    { provide: AppConfig, useClass: OutputsOnly },
    { provide: RECORD_DATA, useValue: (model: { name: string }) => table(model.name) as unknown as RecordDataApi },
    {
      provide: DISCOVERY_SOURCE,
      useValue: {
        load: async (): Promise<DiscoveryInputs> => ({
          outputs,
          config,
          sample,
          sampleNotes: [],
          groups,
          identityId: 'us-east-1:me',
        }),
      },
    },
    ...providers,
  ]);
  await TestBed.inject(AppConfig).load(async () => new Response(JSON.stringify(outputs)));
  await TestBed.inject(DiscoveryState).settled();
  return { table, bucket, auth, publish };
}
