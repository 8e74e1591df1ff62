import { displayValue, formValue, parseInput } from './field-values';
import type { ScalarField } from './record-model';

const field = (kind: ScalarField['kind'], required = false, enumValues?: string[]): ScalarField => ({
  name: 'x',
  label: 'X',
  kind,
  required,
  readOnly: false,
  ...(enumValues ? { enumValues } : {}),
});

describe('field values', () => {
  it('turns form input into the value AppSync takes, or says what is expected', () => {
    expect(parseInput(field('int'), '42')).toEqual({ value: 42 });
    expect(parseInput(field('int'), '4.2')).toEqual({ error: 'X must be a whole number.' });
    expect(parseInput(field('float'), '4.25')).toEqual({ value: 4.25 });
    expect(parseInput(field('float'), '1e999')).toEqual({ error: 'X must be a number.' });
    expect(parseInput(field('text', true), '  ')).toEqual({ error: 'X is required.' });
    expect(parseInput(field('text'), '  ')).toEqual({ value: null });
    expect(parseInput(field('boolean'), true)).toEqual({ value: true });
    expect(parseInput(field('enum', false, ['Sales', 'Office']), 'Office')).toEqual({ value: 'Office' });
    expect(parseInput(field('enum', false, ['Sales', 'Office']), 'Home')).toEqual({
      error: 'X must be one of Sales, Office.',
    });
    expect(parseInput(field('date'), '2026-02-30x')).toEqual({ error: 'X must be a date (YYYY-MM-DD).' });
    expect(parseInput(field('date'), '2026-02-03')).toEqual({ value: '2026-02-03' });
    expect(parseInput(field('time'), '09:30')).toEqual({ value: '09:30' });
    expect(parseInput(field('email'), 'a@b')).toEqual({ error: 'X must be an email address (name@example.com).' });
    expect(parseInput(field('url'), 'example.com')).toEqual({ error: 'X must be a web address (https://…).' });
    expect(parseInput(field('json'), '{"a":')).toEqual({ error: 'X must be valid JSON.' });
    expect(parseInput(field('json'), '{"a":1}')).toEqual({ value: '{"a":1}' });
  });

  it('writes a date-time back as the same instant, and shows values for people', () => {
    const stored = '2026-03-04T05:06:00.000Z';
    const shown = formValue(field('datetime'), stored) as string;
    expect(parseInput(field('datetime'), shown)).toEqual({ value: stored });
    expect(displayValue(field('boolean'), false)).toBe('No');
    expect(displayValue(field('float'), 1234.5)).toBe('1,234.5');
    expect(displayValue(field('text'), null)).toBe('');
  });
});
