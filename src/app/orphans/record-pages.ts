/** Where the console shows a record of a model, if it has a page for that model. */
const RECORD_PAGES: Readonly<Record<string, string>> = { Song: '/songs', PhotoAlbum: '/albums' };

/** The router link of a record's page, or null when the console has none for its model. */
export function recordLink(model: string | undefined, id: string | null): string[] | null {
  const page = model ? RECORD_PAGES[model] : undefined;
  return page && id ? [page, id] : null;
}
