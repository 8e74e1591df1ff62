import { TestBed } from '@angular/core/testing';
import { AttachmentEngine } from '../attachment-engine';
import { FILE_REFERENCES, SharedFileCheck } from '../file-references';
import type { RecordFileField } from '../record-file-field';
import { STORAGE_API } from '../storage-api';
import { FakeBucket } from './fake-bucket';
import { FakeReferenceLookup } from './fake-reference-lookup';
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
  model: 'Contract',
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
  model: 'Contract',
  kind: 'many',
  record: 'contract',
  file: 'photo',
  name: (c) => c.title,
  screens: 'live',
  keyTemplate: 'site-photos/{id}/{uuid}-{name}',
  maxFiles: 3,
};

/** Another model whose records may point at a contract's files (a scan of the signed PDF). */
export interface Invoice {
  readonly id: string;
  readonly number: string;
  readonly scanPath: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The real engine over an in-memory bucket, a table of contracts and one of invoices, and the
 * real shared-file check looking them up: configures the TestBed, so make one in each `beforeEach`.
 */
export class ContractsBed {
  readonly table = new FakeRecordTable<Contract>();
  readonly invoices = new FakeRecordTable<Invoice>();
  readonly bucket = new FakeBucket();
  readonly references = new FakeReferenceLookup()
    .model(
      [
        { model: 'Contract', field: 'signedPdf', kind: 'one', nameField: 'title' },
        { model: 'Contract', field: 'photos', kind: 'many', nameField: 'title' },
      ],
      () => this.table.rows.values() as Iterable<Contract & Record<string, unknown>>,
    )
    .model(
      [{ model: 'Invoice', field: 'scanPath', kind: 'one', nameField: 'number' }],
      () => this.invoices.rows.values() as Iterable<Invoice & Record<string, unknown>>,
    );
  readonly engine: AttachmentEngine;

  constructor() {
    TestBed.configureTestingModule({
      providers: [
        { provide: STORAGE_API, useValue: this.bucket },
        {
          provide: FILE_REFERENCES,
          useValue: new SharedFileCheck(this.references.lookup, async () => this.references.fields()),
        },
      ],
    });
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
