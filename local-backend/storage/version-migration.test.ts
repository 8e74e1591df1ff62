import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { ObjectStore } from './object-store.ts';

// A data directory written before versioning (objects without version columns, no versions
// table) opens as it is: its objects are their keys' version null, and once the bucket is
// versioned an overwrite keeps that version null readable.

test('objects stored before versioning become the version null and survive an overwrite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storage-migration-'));
  try {
    const root = join(dataDir, 's3');
    mkdirSync(join(root, 'objects'), { recursive: true });
    writeFileSync(join(root, 'objects', 'old-body'), 'old bytes');
    const db = new DatabaseSync(join(root, 'objects.db'));
    db.exec(`CREATE TABLE objects (key TEXT PRIMARY KEY, size INTEGER NOT NULL, etag TEXT NOT NULL,
      content_type TEXT NOT NULL, metadata TEXT NOT NULL, last_modified INTEGER NOT NULL, file TEXT NOT NULL)`);
    db.prepare('INSERT INTO objects VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      'images/old.png',
      9,
      'etag-old',
      'image/png',
      '{}',
      Date.UTC(2025, 0, 1),
      'old-body',
    );
    db.close();

    const store = new ObjectStore(dataDir);
    assert.equal(store.versions.versioning, 'Unversioned');
    assert.equal(store.head('images/old.png')?.versionId, 'null');
    store.versions.setVersioning('Enabled');
    const body = store.newBody();
    writeFileSync(body.path, 'new bytes');
    const current = store.commit('images/old.png', body.file, {
      size: 9,
      etag: 'etag-new',
      contentType: 'image/png',
      metadata: {},
    });
    assert.notEqual(current.versionId, 'null');
    const old = store.version('images/old.png', 'null')?.meta;
    assert.equal(old?.etag, 'etag-old');
    assert.equal(readFileSync(store.path(old!), 'utf8'), 'old bytes');
    store.close();

    // Reopened: both versions are still there, and the body of the old one was not collected.
    const reopened = new ObjectStore(dataDir);
    assert.equal(reopened.versions.versioning, 'Enabled');
    assert.deepEqual(
      reopened.versions.list('images/', '', -1, 10).map((r) => [r.version_id ?? 'null', r.is_latest]),
      [
        [current.versionId, 1],
        ['null', 0],
      ],
    );
    assert.equal(readFileSync(reopened.path(reopened.version('images/old.png', 'null')!.meta!), 'utf8'), 'old bytes');
    reopened.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// Tests (and the users CLI) open a second store on a running backend's data directory: versions
// each writes must not collide with the other's, whichever wrote last.
test('two stores open on one data directory write versions of the same keys without colliding', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'storage-two-stores-'));
  try {
    const running = new ObjectStore(dataDir);
    running.versions.setVersioning('Enabled');
    const planter = new ObjectStore(dataDir);
    const put = (store: ObjectStore, key: string, text: string) => {
      const body = store.newBody();
      writeFileSync(body.path, text);
      return store.commit(key, body.file, {
        size: text.length,
        etag: `etag-${text}`,
        contentType: 'text/plain',
        metadata: {},
      });
    };
    put(running, 'images/a.txt', 'one');
    put(planter, 'images/a.txt', 'two');
    put(planter, 'images/b.txt', 'three');
    const marker = running.deleteObject('images/a.txt');
    assert.equal(marker.deleteMarker, true);
    running.deleteObject('images/b.txt');
    put(running, 'images/a.txt', 'four');
    assert.deepEqual(
      running.versions.ofKey('images/a.txt').map((v) => [v.delete_marker, v.etag]),
      [
        [1, ''],
        [0, 'etag-two'],
        [0, 'etag-one'],
      ],
    );
    assert.equal(running.head('images/a.txt')?.etag, 'etag-four');
    running.close();
    planter.close();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
