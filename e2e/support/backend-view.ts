import { Amplify } from 'aws-amplify';
import { signIn, signOut } from 'aws-amplify/auth';
import { generateClient } from 'aws-amplify/data';
import { list, uploadData } from 'aws-amplify/storage';
import type { Schema } from '../../amplify/data/resource.ts';
import { toResourcesConfig } from '../../src/app/core/config/resources-config.ts';
import { ADMIN } from '../../integration/local-backend.ts';

export interface StoredSong {
  id: string;
  name: string;
  coverArtPath: string | null;
}

/**
 * What the backend holds, read beside the browser with the real client signed in as an admin:
 * the e2e tests check the records and objects a workflow left, not only what the page says.
 */
export class BackendView {
  private readonly client = generateClient<Schema>();

  static async open(outputs: Record<string, unknown>): Promise<BackendView> {
    Amplify.configure(toResourcesConfig(outputs));
    await signIn({ username: ADMIN.email, password: ADMIN.password });
    return new BackendView();
  }

  async songNamed(name: string): Promise<StoredSong | null> {
    const { data, errors } = await this.client.models.Song.list({ filter: { name: { eq: name } }, limit: 10_000 });
    if (errors?.length) throw new Error(JSON.stringify(errors));
    if (data.length > 1) throw new Error(`${data.length} songs are named ${name}`);
    const song = data[0];
    return song ? { id: song.id, name: song.name, coverArtPath: song.coverArtPath ?? null } : null;
  }

  /** Every stored object under `images/<songId>/`, sorted. */
  async objectsOf(songId: string): Promise<string[]> {
    const { items } = await list({ path: `images/${songId}/`, options: { listAll: true } });
    return items.map((i) => i.path).sort();
  }

  /** A song with a cover, made the way the console makes one (upload first, then the record). */
  async songWithCover(name: string, png: Uint8Array): Promise<StoredSong> {
    const id = crypto.randomUUID();
    const path = `images/${id}/${crypto.randomUUID()}-cover.png`;
    await uploadData({ path, data: png, options: { contentType: 'image/png' } }).result;
    const { data, errors } = await this.client.models.Song.create({ id, name, coverArtPath: path });
    if (errors?.length || !data) throw new Error(JSON.stringify(errors));
    return { id, name, coverArtPath: path };
  }

  close(): Promise<void> {
    return signOut().catch(() => undefined);
  }
}
