/** The little XML S3 speaks: escaped text, element builders, and the error document. */
/** Escapes element text (S3 writes ETag quotes literally, so quotes stay as they are). */
export function esc(value: string | number | boolean): string {
  return String(value).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);
}

export function el(name: string, content: string | number | boolean | undefined): string {
  return content === undefined
    ? ''
    : `<${name}>${typeof content === 'string' && content.startsWith('<') ? content : esc(content)}</${name}>`;
}

export function doc(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${inner}</${root}>`;
}

export function errorDoc(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([k, v]) => el(k, v))
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message>${fields}</Error>`;
}

/** Texts of every <tag>…</tag> in a (small, trusted-shape) XML body. */
export function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => unescape(m[1]!));
}

function unescape(s: string): string {
  return s.replace(
    /&(lt|gt|amp|apos|quot);/g,
    (_, e: string) => ({ lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' })[e]!,
  );
}
