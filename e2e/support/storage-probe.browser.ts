// Runs in Chromium (bundled by probe-page.ts): the real aws-amplify Storage client with the
// browser's XMLHttpRequest transfer handler, the one that reports upload progress.
import { downloadData, getProperties, uploadData } from 'aws-amplify/storage';
import { configure, signInAs } from './probe-auth.browser.ts';

export interface Progress {
  transferredBytes: number;
  totalBytes?: number;
}

export interface UploadReport {
  progress: Progress[];
  /** The error's name when the upload failed or was cancelled. */
  error?: string;
  eTag?: string;
  /** What getProperties says afterwards: the size, or the error's name. */
  stored: number | string;
  /** Whether downloadData gives back exactly the bytes uploaded. */
  sameBytes?: boolean;
}

/** Deterministic bytes, so a download can be compared without keeping a copy. */
function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 10)) % 251;
  return bytes;
}

async function storedSize(path: string): Promise<number | string> {
  try {
    return (await getProperties({ path })).size ?? -1;
  } catch (err) {
    return (err as Error).name;
  }
}

async function upload(path: string, size: number, cancelAfterBytes?: number): Promise<UploadReport> {
  const data = pattern(size);
  const progress: Progress[] = [];
  const task = uploadData({
    path,
    data,
    options: {
      contentType: 'application/octet-stream',
      onProgress: (event) => {
        progress.push({ transferredBytes: event.transferredBytes, totalBytes: event.totalBytes });
        if (cancelAfterBytes !== undefined && event.transferredBytes >= cancelAfterBytes) task.cancel();
      },
    },
  });
  try {
    const { eTag } = await task.result;
    const body = await (await downloadData({ path }).result).body.blob();
    const back = new Uint8Array(await body.arrayBuffer());
    const sameBytes = back.length === data.length && back.every((b, i) => b === data[i]);
    return { progress, eTag, stored: await storedSize(path), sameBytes };
  } catch (err) {
    return { progress, error: (err as Error).name, stored: await storedSize(path) };
  }
}

const probe = { configure, signIn: signInAs, upload };

export type StorageProbe = typeof probe;
Object.assign(window, { probe });
