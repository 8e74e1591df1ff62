import { S3Error } from './s3-error.ts';

/** The most entries one page of any listing holds, whatever the client asks for. */
export const MAX_PAGE = 1000;
const INT32_MAX = 2_147_483_647;

/**
 * An integer query parameter (max-keys, max-uploads, max-parts, part-number-marker) read as S3
 * reads it: absent or empty is `fallback`; digits (leading zeros and a minus sign allowed) that fit
 * an int32 are the value; anything else is "not an integer". A negative value is refused apart,
 * under `rangeName`, because ListObjects names max-keys `maxKeys` in that message.
 */
export function intParam(q: URLSearchParams, name: string, fallback: number, rangeName = name): number {
  const raw = q.get(name);
  if (raw === null || raw === '') return fallback;
  const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= -INT32_MAX - 1 && value <= INT32_MAX)) {
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: raw,
    });
  }
  if (value < 0) {
    throw new S3Error('InvalidArgument', `Argument ${rangeName} must be an integer between 0 and ${INT32_MAX}`, {
      ArgumentName: rangeName,
      ArgumentValue: String(value),
    });
  }
  return value === 0 ? 0 : value;
}

/** How many entries a page may hold: the parameter, 1000 when absent, never more than 1000. */
export const pageSize = (q: URLSearchParams, name: string, rangeName?: string) =>
  Math.min(MAX_PAGE, intParam(q, name, MAX_PAGE, rangeName));
