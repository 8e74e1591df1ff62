import type { RecordFileField } from '../../attachments/record-file-field';
import { type ContractsBed, PHOTOS, SIGNED_PDF } from '../../attachments/testing/contracts';
import { ModelRecords, type RecordDataApi } from '../model-records';
import type { AnyRecord, FileFieldView, RecordModel } from '../record-model';

function view(field: RecordFileField<AnyRecord>): FileFieldView {
  return {
    discovered: {
      model: 'Contract',
      field: field.field,
      kind: field.kind,
      status: 'confirmed',
      paths: [],
      evidence: [],
      sampled: { values: 0, resolved: 0 },
    },
    label: field.field,
    managed: true,
    field,
  };
}

/** The contracts bed's model as the generic screens see it: two file fields, a PDF and a list of photos. */
export const CONTRACT_MODEL: RecordModel = {
  name: 'Contract',
  plural: 'Contracts',
  nameField: 'title',
  fields: [],
  columns: [],
  editable: [],
  fileFields: [SIGNED_PDF, PHOTOS].map((f) => view(f as unknown as RecordFileField<AnyRecord>)),
};

/** The generic records of the bed's contracts, over its table and engine. */
export function contractRecords(bed: ContractsBed): ModelRecords {
  return new ModelRecords(CONTRACT_MODEL, bed.table as unknown as RecordDataApi, bed.engine);
}

/** A stored contract (its files put in the bucket), as the generic screens hold a record. */
export function seedContract(bed: ContractsBed, title: string, pdf: string | null, photos: string[] = []): AnyRecord {
  return bed.seed(title, pdf, photos) as unknown as AnyRecord;
}
