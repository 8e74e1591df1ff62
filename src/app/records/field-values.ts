import type { ScalarField } from './record-model';

/** A field's value as a table cell or the detail page writes it ('' for none). */
export function displayValue(field: ScalarField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  switch (field.kind) {
    case 'boolean':
      return value ? 'Yes' : 'No';
    case 'int':
    case 'float':
      return typeof value === 'number' ? value.toLocaleString('en') : String(value);
    case 'datetime': {
      const date = new Date(String(value));
      return Number.isNaN(date.getTime())
        ? String(value)
        : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
    }
    case 'timestamp':
      return typeof value === 'number'
        ? new Date(value * 1000).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })
        : String(value);
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return String(value);
  }
}

/** What a form control starts with for a stored value. */
export function formValue(field: ScalarField, value: unknown): string | boolean {
  if (field.kind === 'boolean') return value === true;
  if (value === null || value === undefined) return '';
  if (field.kind === 'datetime') {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) return String(value);
    // datetime-local wants the local wall-clock time, without a zone.
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
    return local.toISOString().slice(0, 16);
  }
  if (field.kind === 'json') return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return String(value);
}

/** A value a write can send, or the reason the input cannot be one. */
export type Parsed = { readonly value: unknown } | { readonly error: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,20}$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * The form's input for a field as the value to write: numbers as numbers, dates as AWS writes
 * them, an empty optional field as null. A required field left empty, or text that is not a value
 * of the field's type, is an error that says what is expected.
 */
export function parseInput(field: ScalarField, raw: string | boolean): Parsed {
  if (field.kind === 'boolean') return { value: raw === true };
  const text = String(raw).trim();
  if (text === '') return field.required ? { error: `${field.label} is required.` } : { value: null };
  const bad = (what: string): Parsed => ({ error: `${field.label} must be ${what}.` });
  switch (field.kind) {
    case 'int': {
      const n = Number(text);
      return Number.isInteger(n) && Math.abs(n) <= 2 ** 31 - 1 ? { value: n } : bad('a whole number');
    }
    case 'float': {
      const n = Number(text);
      return text !== '' && Number.isFinite(n) ? { value: n } : bad('a number');
    }
    case 'timestamp': {
      const n = Number(text);
      return Number.isInteger(n) ? { value: n } : bad('seconds since 1970 (a whole number)');
    }
    case 'enum':
      return field.enumValues?.includes(text) ? { value: text } : bad(`one of ${field.enumValues?.join(', ')}`);
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(text))
        ? { value: text }
        : bad('a date (YYYY-MM-DD)');
    case 'time':
      return /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(text) ? { value: text } : bad('a time (HH:MM)');
    case 'datetime': {
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? bad('a date and time') : { value: date.toISOString() };
    }
    case 'email':
      return EMAIL.test(text) ? { value: text } : bad('an email address (name@example.com)');
    case 'url':
      return /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(text) ? { value: text } : bad('a web address (https://…)');
    case 'phone':
      return PHONE.test(text) ? { value: text } : bad('a phone number');
    case 'ip':
      return IPV4.test(text) || (text.includes(':') && /^[0-9a-f:.]+$/i.test(text))
        ? { value: text }
        : bad('an IP address');
    case 'json':
      try {
        JSON.parse(text);
        return { value: text };
      } catch {
        return bad('valid JSON');
      }
    default:
      return { value: text };
  }
}

/** Sorts two values of a field: numbers and booleans by value, the rest as text; empty last. */
export function compareValues(field: ScalarField, a: unknown, b: unknown): number {
  const empty = (v: unknown) => v === null || v === undefined || v === '';
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(b) - Number(a);
  return displayValue(field, a).localeCompare(displayValue(field, b), 'en', { sensitivity: 'base', numeric: true });
}

/** The input type of a field's form control. */
export function inputType(field: ScalarField): string {
  const types: Partial<Record<ScalarField['kind'], string>> = {
    int: 'number',
    float: 'number',
    timestamp: 'number',
    date: 'date',
    time: 'time',
    datetime: 'datetime-local',
    email: 'email',
    url: 'url',
    phone: 'tel',
  };
  return types[field.kind] ?? 'text';
}
