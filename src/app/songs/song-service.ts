import { Injectable } from '@angular/core';
import { Observable } from 'rxjs';
import { Transfer } from '../attachments/transfer';
import { FileDisposal, Song, SongList } from './song';

/** Songs and their one cover file, with the attachment workflows. Fails with AttachmentError only. */
@Injectable({ providedIn: 'root' })
export class SongService {
  /** Live list of all songs (observeQuery, realtime). Sorting/filtering is done by the screen. */
  list(): Observable<SongList> {
    throw new Error('not implemented yet');
  }

  get(_id: string): Observable<Song | null> {
    throw new Error('not implemented yet');
  }

  /** Create; with a cover: create the record, upload, then conditional update. Progress while uploading. */
  create(_name: string, _cover?: File): Observable<Transfer<Song>> {
    throw new Error('not implemented yet');
  }

  rename(_song: Song, _name: string): Observable<Song> {
    throw new Error('not implemented yet');
  }

  /** Attach (no cover yet) or replace (has one): upload, conditional update on song.updatedAt, delete old. */
  setCover(_song: Song, _file: File): Observable<Transfer<Song>> {
    throw new Error('not implemented yet');
  }

  /** Clear the reference (conditional); 'delete-file' then deletes the file. */
  detach(_song: Song, _disposal: FileDisposal): Observable<Song> {
    throw new Error('not implemented yet');
  }

  /** Delete the record; 'delete-file' then deletes its cover. */
  delete(_song: Song, _disposal: FileDisposal): Observable<void> {
    throw new Error('not implemented yet');
  }
}
