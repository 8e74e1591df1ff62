/** The console's own pages for its own models; any other model's records are under /records/<model>. */
const OWN_PAGES: Readonly<Record<string, string>> = { Song: '/songs', PhotoAlbum: '/albums' };
const OWN_LABELS: Readonly<Record<string, string>> = { Song: 'Songs', PhotoAlbum: 'Albums' };

/** What a model's records are called on screen: its page's name, else its plural name in words (`Photo albums`). */
export function modelLabel(model: string, pluralName = `${model}s`): string {
  const own = OWN_LABELS[model];
  if (own) return own;
  const words = pluralName.replace(/([a-z0-9])([A-Z])/g, '$1 $2');
  return words.charAt(0) + words.slice(1).toLowerCase();
}

/** The router link of a model's list page. */
export function modelLink(model: string): string[] {
  const own = OWN_PAGES[model];
  return own ? [own] : ['/records', model];
}

/** The router link of a record's page. */
export function recordLink(model: string | undefined, id: string | null): string[] | null {
  return model && id ? [...modelLink(model), id] : null;
}
