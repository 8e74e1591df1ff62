import { Injectable, computed, inject } from '@angular/core';
import { AttachmentEngine } from '../attachments/attachment-engine';
import { AppConfig } from '../core/config/app-config';
import { DiscoveryState } from '../discovery/discovery-state';
import { readIntrospection } from '../discovery/model-introspection';
import type { ModelPermissions } from '../discovery/model-permissions';
import type { StorageAccess } from '../discovery/storage-access';
import { ModelRecords, RECORD_DATA } from './model-records';
import { type FileFieldView, type RecordModel, recordModelOf } from './record-model';

/** What the signed-in user may do with one file field's files, for the screens. */
export interface FileFieldAccess {
  readonly read: boolean;
  /** Attach, add and replace (upload). */
  readonly write: boolean;
  readonly delete: boolean;
  /** Why something is out of reach, with the rule that would allow it. */
  readonly note?: string;
}

/**
 * The discovered models as the generic record screens use them: each one's description, its
 * records and workflows (one ModelRecords per model and signed-in user), what the user may do.
 */
@Injectable({ providedIn: 'root' })
export class RecordModels {
  private readonly discovery = inject(DiscoveryState);
  private readonly config = inject(AppConfig);
  private readonly data = inject(RECORD_DATA);
  private readonly engine = inject(AttachmentEngine);
  private readonly cache = new Map<string, ModelRecords>();
  /** One description per discovered model, so a model's records (and live list) are made once. */
  private readonly described = new WeakMap<object, { introspection: object; model: RecordModel }>();

  private readonly introspection = computed(() => {
    const state = this.config.state();
    return readIntrospection(state.status === 'ready' ? state.outputs : undefined) ?? { models: {} };
  });

  /** 'running' until discovery has run for the signed-in user. */
  readonly status = this.discovery.status;
  readonly failure = this.discovery.failure;

  /** The model's description, once discovery has run; undefined for a name the backend has no model of. */
  model(name: string): RecordModel | undefined {
    const found = this.discovery.model(name);
    if (!found) return undefined;
    const introspection = this.introspection();
    const known = this.described.get(found);
    if (known?.introspection === introspection) return known.model;
    const model = recordModelOf(found, introspection);
    if (model) this.described.set(found, { introspection, model });
    return model;
  }

  /** The records and workflows of a model, for whoever is signed in now. */
  records(model: RecordModel): ModelRecords {
    const permissions = this.permissions(model.name);
    const identityId = this.discovery.inputs()?.identityId;
    const key = `${model.name}\n${permissions.authMode}\n${identityId ?? ''}`;
    let records = this.cache.get(key);
    if (!records || records.model !== model) {
      records = new ModelRecords(model, this.data(model, permissions.authMode), this.engine, identityId);
      this.cache.set(key, records);
    }
    return records;
  }

  permissions(model: string): ModelPermissions {
    return this.discovery.permissions(model);
  }

  /**
   * What the user may do with a field's files: the storage access of its paths (all of them must
   * allow it; an owner folder counts when it is the user's own). Unresolved fields are shown only.
   */
  fileAccess(view: FileFieldView): FileFieldAccess {
    if (!view.managed) {
      return {
        read: false,
        write: false,
        delete: false,
        note: `${view.discovered.model}.${view.discovered.field} holds values that are not storage paths, so the console shows them as text and never fetches them.`,
      };
    }
    const access = view.discovered.paths
      .map((p) => this.discovery.storageAccess(p))
      .filter((a): a is StorageAccess => !!a);
    const reaches = (action: 'read' | 'write' | 'delete') =>
      access.length > 0 && access.every((a) => a[action] !== 'none');
    const note = access.map((a) => a.missing).find((m) => !!m);
    return { read: reaches('read'), write: reaches('write'), delete: reaches('delete'), ...(note ? { note } : {}) };
  }
}
