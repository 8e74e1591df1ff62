// Runs in Chromium (bundled by probe-page.ts): the real aws-amplify Data client's browser build,
// whose realtime subscriptions use the browser's own WebSocket.
import { generateClient } from 'aws-amplify/data';
import type { Schema } from '../../amplify/data/resource.ts';
import { configure, signInAs } from './probe-auth.browser.ts';

export interface LiveSongs {
  names: string[];
  synced: boolean;
  error?: string;
}

let live: LiveSongs = { names: [], synced: false };

/** Keeps `live` at observeQuery's latest snapshot of the songs whose name starts with `prefix`. */
function observeSongs(prefix: string): void {
  const client = generateClient<Schema>();
  client.models.Song.observeQuery({ filter: { name: { beginsWith: prefix } } }).subscribe({
    next: ({ items, isSynced }) => (live = { names: items.map((s) => s.name).sort(), synced: isSynced }),
    error: (err: unknown) => (live = { ...live, error: JSON.stringify(err) }),
  });
}

const probe = { configure, signIn: signInAs, observeSongs, songs: (): LiveSongs => live };

export type DataProbe = typeof probe;
Object.assign(window, { probe });
