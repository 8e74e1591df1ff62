import { TestBed } from '@angular/core/testing';
import { AttachmentEngine } from '../attachment-engine';
import type { RecordFileField } from '../record-file-field';
import { STORAGE_API } from '../storage-api';
import { FakeBucket } from './fake-bucket';
import { FakeRecordTable } from './fake-record-table';

/** A model no console code knows: a contract with one signed PDF and a list of photos. */
export interface Contract {
  readonly id: string;
  readonly title: string;
  readonly signedPdf: string | null;
  readonly photos: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const SIGNED_PDF: RecordFileField<Contract> = {
  field: 'signedPdf',
  kind: 'one',
  record: 'contract',
  file: 'document',
  name: (c) => c.title,
  screens: 'snapshot',
  limits: { maxBytes: 4096, allowedTypes: ['application/pdf'] },
  keyTemplate: 'contracts/{id}/{uuid}-{name}',
};

export const PHOTOS: RecordFileField<Contract> = {
  field: 'photos',
  kind: 'many',
  record: 'contract',
  file: 'photo',
  name: (c) => c.title,
  screens: 'live',
  keyTemplate: 'site-photos/{id}/{uuid}-{name}',
  maxFiles: 3,
};

/** The real engine over an in-memory bucket, and a table of contracts: configures the TestBed, so make one in each `beforeEach`. */
export class ContractsBed {
  readonly table = new FakeRecordTable<Contract>();
  readonly bucket = new FakeBucket();
  readonly engine: AttachmentEngine;

  constructor() {
    TestBed.configureTestingModule({ providers: [{ provide: STORAGE_API, useValue: this.bucket }] });
    this.engine = TestBed.inject(AttachmentEngine);
  }

  /** A stored contract; `pdf` and `photos` are put in the bucket too. */
  seed(title: string, pdf: string | null = null, photos: string[] = []): Contract {
    [pdf, ...photos].forEach((p) => p && this.bucket.put(p));
    return this.table.insert({ title, signedPdf: pdf, photos });
  }

  /** `contract: path` for every path a record holds whose object is missing (the invariant: none). */
  dangling(): string[] {
    return [...this.table.rows.values()].flatMap((c) =>
      [c.signedPdf, ...c.photos]
        .filter((p): p is string => !!p && !this.bucket.objects.has(p))
        .map((p) => `${c.title}: ${p}`),
    );
  }
}
