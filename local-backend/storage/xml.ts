import { XMLBuilder, XMLParser, XMLValidator, type XmlBuilderOptions } from 'fast-xml-parser';
import { S3Error } from './s3-error.ts';

/** S3's XML, built and parsed with fast-xml-parser. */

/** An element's content: text, child elements (arrays repeat the element), or nothing (omitted). */
export type XmlContent = string | number | boolean | undefined | XmlElement | XmlContent[];
export interface XmlElement {
  [name: string]: XmlContent;
}

// S3 writes ETag quotes literally: only what would break the markup is escaped. (The builder
// takes its entity list as an option its type declarations leave out.)
const entities = [
  { regex: /&/g, val: '&amp;' },
  { regex: />/g, val: '&gt;' },
  { regex: /</g, val: '&lt;' },
];
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
  // No callback looks at element paths, so the builder need not track them.
  jPath: false,
  entities,
} as XmlBuilderOptions);

export const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
/** Text escaped as the builder escapes it (most text has nothing to escape and is returned as is). */
export const escapeText = (s: string) => (/[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => ESCAPES[c]!) : s);

/**
 * One element as the builder writes it, for documents written by hand where the builder is too
 * slow (a page of a thousand keys); nothing when `value` is undefined.
 */
export const element = (name: string, value: string | number | boolean | undefined) =>
  value === undefined ? '' : `<${name}>${typeof value === 'string' ? escapeText(value) : value}</${name}>`;

/** An S3 answer document: `<root xmlns="…">` with `body` as its children, in order. */
export function doc(root: string, body: XmlElement): string {
  return DECLARATION + builder.build({ [root]: { '@xmlns': NAMESPACE, ...body } });
}

/** An S3 answer whose root element holds only text (GetBucketLocation). */
export function textDoc(root: string, text: string): string {
  return DECLARATION + builder.build({ [root]: { '@xmlns': NAMESPACE, '#text': text } });
}

export function errorDoc(code: string, message: string, extra: Record<string, string> = {}): string {
  return DECLARATION + builder.build({ Error: { Code: code, Message: message, ...extra } });
}

const malformed = () =>
  new S3Error(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

/**
 * Parses a request document, refusing anything that is not well-formed XML with `root` as its
 * root element. Text stays text (no number parsing); elements named in `repeated` are always arrays.
 */
export function parseXml(xml: string, root: string, repeated: string[]): XmlElement {
  if (XMLValidator.validate(xml) !== true) throw malformed();
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => repeated.includes(name),
  });
  const parsed = parser.parse(xml) as XmlElement;
  const body = parsed[root];
  if (body === undefined) throw malformed();
  return typeof body === 'object' && !Array.isArray(body) ? body : {};
}

/** The text of a child element, if it is text. */
export function textOf(element: XmlContent, name: string): string | undefined {
  if (!element || typeof element !== 'object' || Array.isArray(element)) return undefined;
  const value = element[name];
  return typeof value === 'string' ? value : undefined;
}
