// The local backend serving examples/storefront (a Gen 2 app no console code names) on the
// Storage port, seeded by its own amplify/seed/seed.ts, in a data directory of its own; and ways
// to plant what the orphan report should find straight into its stores.
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ItemStore } from '../../local-backend/data/store.ts';
import { startLocalBackend } from '../../local-backend/local-backend.ts';
import { createLogger } from '../../local-backend/log.ts';
import { REPO_ROOT } from '../../local-backend/project.ts';
import { testBackendOptions } from '../../local-backend/testing/backend-options.ts';
import type { TestBackend } from '../../local-backend/testing/test-backend.ts';

export const STOREFRONT = join(REPO_ROOT, 'examples', 'storefront');

/** The example's people (examples/storefront/amplify/seed/seed.ts). */
export const STOREFRONT_PEOPLE = {
  manager: { email: 'manager@storefront.example', password: 'Store-Manager-2026' },
  staff: { email: 'staff@storefront.example', password: 'Store-Staff-2026' },
  auditor: { email: 'auditor@storefront.example', password: 'Store-Auditor-2026' },
  alex: { email: 'alex@storefront.example', password: 'Store-Alex-2026' },
} as const;

/**
 * Starts the example on port 20005 (the one the patched Storage client reaches: its seed uploads
 * through it). Another suite may hold the port a while, so it tries again every 2 s, `tries` times.
 */
export async function startStorefront({ tries = 60 }: { tries?: number } = {}): Promise<TestBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'storefront-e2e-'));
  const options = testBackendOptions(dataDir, { project: STOREFRONT, port: 20005, seed: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const backend = await startLocalBackend(options, createLogger('warn'));
      return {
        ...backend,
        dataDir,
        async stop() {
          await backend.close();
          rmSync(dataDir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= tries) {
        rmSync(dataDir, { recursive: true, force: true });
        throw err;
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

const TWO_DAYS_MS = 2 * 24 * 3600 * 1000;

/** Stores a file as if uploaded two days ago (past the orphan report's grace period). */
export function plantFile(backend: TestBackend, key: string, body: Buffer, contentType: string): string {
  const store = backend.storage!.store;
  const target = store.newBody();
  writeFileSync(target.path, body);
  store.commit(key, target.file, {
    size: body.length,
    etag: createHash('md5').update(body).digest('hex'),
    contentType,
    metadata: {},
    lastModified: new Date(Date.now() - TWO_DAYS_MS),
  });
  return key;
}

/** Writes a record straight into the example's table (no realtime event: a scan reads it). */
export function plantRecord(backend: TestBackend, model: string, fields: Record<string, unknown>): string {
  const id = randomUUID();
  const at = new Date(Date.now() - TWO_DAYS_MS).toISOString();
  const store = new ItemStore(backend.dataDir);
  try {
    store.insert(model, id, { ...fields, id, __typename: model, createdAt: at, updatedAt: at });
  } finally {
    store.close();
  }
  return id;
}

/** The records of a model as stored (the first 1,000). */
export function storedRecords(backend: TestBackend, model: string): Record<string, unknown>[] {
  const store = new ItemStore(backend.dataDir);
  try {
    return store.page(model, null, 1000).map((row) => row.item as Record<string, unknown>);
  } finally {
    store.close();
  }
}
