import { createHash } from 'node:crypto';

/**
 * The demo content, decided once here: seed.ts makes it through the ordinary clients, and the
 * local backend's tests plant the same world straight into its stores. Records with files,
 * records pointing at files that do not exist ("dangling"), and files no record points at
 * ("orphans").
 */

export interface DemoAccount {
  readonly email: string;
  readonly password: string;
  readonly group: string;
}

/** The demo users, one per role; documented in the README. */
export const DEMO_ACCOUNTS: readonly [admin: DemoAccount, operator: DemoAccount, viewer: DemoAccount] = [
  { email: 'admin@example.com', password: 'Demo-Admin-2026', group: 'ADMINS' },
  { email: 'operator@example.com', password: 'Demo-Operator-2026', group: 'OPERATORS' },
  { email: 'viewer@example.com', password: 'Demo-Viewer-2026', group: 'VIEWERS' },
];

export interface DemoImage {
  key: string;
  /** Text drawn on the generated image. */
  label: string;
  /** 0..359, the image's colour. */
  hue: number;
}

export interface DemoPlan {
  songs: { id: string; name: string; coverArtPath: string | null }[];
  albums: { id: string; name: string; imagePaths: string[] }[];
  /** Every file the storage part uploads: all referenced ones except the dangling, plus orphans. */
  files: DemoImage[];
  /** Keys referenced by a record but deliberately never uploaded. */
  dangling: string[];
  /** Keys uploaded but referenced by no record. */
  orphans: string[];
}

const SONG_NAMES = [
  'Blue in Green',
  'So What',
  'Naima',
  'Take Five',
  'Round Midnight',
  'Autumn Leaves',
  'Giant Steps',
  'Moanin',
  'Footprints',
  'Maiden Voyage',
  'Cantaloupe Island',
  'Song for My Father',
  'Watermelon Man',
  'Speak No Evil',
  'Freddie Freeloader',
  'All Blues',
  'Impressions',
  'My Favorite Things',
  'Nardis',
  'Solar',
  'Airegin',
  'Oleo',
  'Stolen Moments',
  'Peace Piece',
];
const ALBUM_NAMES = [
  'Tour 2024',
  'Studio sessions',
  'Backstage',
  'Festival',
  'Album art drafts',
  'Posters',
  'Press kit',
  'Fan photos',
];

/** Deterministic UUID-shaped ids, so a re-seed finds the same records and keys. */
export function demoUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function demoPlan(): DemoPlan {
  const files: DemoImage[] = [];
  const dangling: string[] = [];
  const orphans: string[] = [];

  const songs = SONG_NAMES.map((name, i) => {
    const id = demoUuid(`song:${i}`);
    if (i % 6 === 5) return { id, name, coverArtPath: null }; // no cover
    const key = `images/${id}/${demoUuid(`song-file:${i}`)}-cover.png`;
    if (i === 3 || i === 10 || i === 17) dangling.push(key);
    else files.push({ key, label: name, hue: (i * 47) % 360 });
    return { id, name, coverArtPath: key };
  });

  const albums = ALBUM_NAMES.map((name, a) => {
    const id = demoUuid(`album:${a}`);
    const count = 2 + (a % 4);
    const imagePaths = Array.from({ length: count }, (_, j) => {
      const key = `images/${id}/${demoUuid(`album-file:${a}:${j}`)}-photo-${j + 1}.png`;
      if (a === 2 && j === 1) dangling.push(key);
      else files.push({ key, label: `${name} #${j + 1}`, hue: (a * 71 + j * 23) % 360 });
      return key;
    });
    return { id, name, imagePaths };
  });

  for (let k = 0; k < 5; k++) {
    const owner = k < 3 ? songs[k * 4]!.id : demoUuid(`deleted-record:${k}`);
    const key = `images/${owner}/${demoUuid(`orphan:${k}`)}-leftover-${k + 1}.png`;
    orphans.push(key);
    files.push({ key, label: `orphan ${k + 1}`, hue: (k * 97 + 13) % 360 });
  }
  return { songs, albums, files, dangling, orphans };
}
