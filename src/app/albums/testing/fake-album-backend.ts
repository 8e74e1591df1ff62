import { FakeRecordTable } from '../../attachments/testing/fake-record-table';
import type { PhotoAlbum } from '../album';
import type { AlbumApi } from '../album-api';

export { FakeBucket, png } from '../../attachments/testing/fake-bucket';

/** The in-memory Data table (FakeRecordTable) holding albums: the layer below AlbumService, for unit specs. */
export class FakeAlbumTable extends FakeRecordTable<PhotoAlbum> implements AlbumApi {
  seed(name: string, imagePaths: string[] = [], id: string = crypto.randomUUID()): PhotoAlbum {
    return this.insert({ id, name, imagePaths });
  }

  /** Another operator's unconditional change of the images. */
  change(id: string, imagePaths: string[]): PhotoAlbum {
    return this.replace(id, { imagePaths });
  }
}
