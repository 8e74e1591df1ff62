import { type Provider, inject } from '@angular/core';
import { type Discovery, usableFileFields } from '../discovery/discovery-result';
import { DiscoveryState } from '../discovery/discovery-state';
import { createAmplifyReferenceLookup } from './amplify-reference-lookup';
import { FILE_FIELDS } from './file-fields';
import { FILE_REFERENCES, type ReferenceField, SharedFileCheck } from './file-references';

/** What the check asks of discovery (DiscoveryState is one). */
export interface ReferenceDiscovery {
  discovery(): Discovery | undefined;
  knows(model: string): boolean;
  permissions(model: string): { readonly authMode?: ReferenceField['authMode'] };
}

/**
 * The fields whose records may reference a file: every file field discovery found usable
 * (confirmed or likely), named by each model's name field and read with the auth mode its rules
 * give the user. Before discovery has answered (or when it failed), the console's own FILE_FIELDS
 * of the models the backend has.
 */
export function referenceFields(source: ReferenceDiscovery): ReferenceField[] {
  const discovery = source.discovery();
  if (!discovery) return FILE_FIELDS.filter((f) => source.knows(f.model)).map((f) => ({ ...f }));
  return usableFileFields(discovery).map((f) => {
    const nameField = discovery.models.find((m) => m.name === f.model)?.nameField;
    const authMode = source.permissions(f.model).authMode;
    return {
      model: f.model,
      field: f.field,
      kind: f.kind,
      ...(nameField ? { nameField } : {}),
      ...(authMode ? { authMode } : {}),
    };
  });
}

/**
 * The app's shared-file check (FILE_REFERENCES): before any workflow deletes a file, every model
 * with file fields is asked whether a record still references it, on the Data client.
 */
export function provideFileReferences(): Provider {
  return {
    provide: FILE_REFERENCES,
    useFactory: () => {
      const state = inject(DiscoveryState);
      return new SharedFileCheck(
        createAmplifyReferenceLookup(() => import('aws-amplify/data')),
        async () => {
          await state.settled();
          return referenceFields(state);
        },
      );
    },
  };
}
