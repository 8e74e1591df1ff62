import type { AttributeValue } from './attribute-values.ts';
import { validation } from './errors.ts';
import type { Path, Placeholders } from './expression-parser.ts';

/** An operand of a SET action: a path, a value, or one of the two update functions. */
export type UpdateOperand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'if_not_exists'; path: Path; fallback: UpdateOperand }
  | { kind: 'list_append'; left: UpdateOperand; right: UpdateOperand };

/** What a SET action assigns: an operand, or the sum or difference of two. */
export type SetValue = { op?: '+' | '-'; left: UpdateOperand; right?: UpdateOperand };

export interface UpdateActions {
  set: { path: Path; value: SetValue }[];
  remove: Path[];
  add: { path: Path; value: AttributeValue }[];
  delete: { path: Path; value: AttributeValue }[];
}

const TOKEN = /\s*([=(),.[\]+-]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\d+|\S)/y;
const CLAUSES = ['SET', 'REMOVE', 'ADD', 'DELETE'] as const;
const FIELD = 'UpdateExpression';

/** An UpdateExpression: at most one of each SET, REMOVE, ADD and DELETE clause, no two paths overlapping. */
export function parseUpdate(text: string, placeholders: Placeholders): UpdateActions {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) tokens.push(m[1]!);
  if (tokens.length === 0) throw validation(`Invalid ${FIELD}: The expression can not be empty;`);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (token: string): never => {
    const near = tokens.slice(Math.max(0, pos - 2), pos + 1).join(' ');
    throw validation(`Invalid ${FIELD}: Syntax error; token: "${token}", near: "${near}"`);
  };
  const next = () => tokens[pos++] ?? fail('<EOF>');
  const expect = (token: string) => {
    const t = next();
    if (t !== token) fail(t);
  };
  const name = () => {
    const t = next();
    if (t.startsWith('#')) return placeholders.name(t, FIELD);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) fail(t);
    return t;
  };
  const path = (): Path => {
    const out: Path = [name()];
    for (;;) {
      if (peek() === '.') {
        pos++;
        out.push(name());
      } else if (peek() === '[') {
        pos++;
        const index = next();
        if (!/^\d+$/.test(index)) fail(index);
        expect(']');
        out.push(Number(index));
      } else return out;
    }
  };
  const value = (): AttributeValue => {
    const t = next();
    if (!t.startsWith(':')) fail(t);
    return placeholders.value(t, FIELD);
  };
  const operand = (): UpdateOperand => {
    const t = peek() ?? '';
    if (t.startsWith(':')) return { kind: 'value', value: value() };
    if ((t === 'if_not_exists' || t === 'list_append') && tokens[pos + 1] === '(') {
      pos += 2;
      if (t === 'if_not_exists') {
        const p = path();
        expect(',');
        const fallback = operand();
        expect(')');
        return { kind: 'if_not_exists', path: p, fallback };
      }
      const left = operand();
      expect(',');
      const right = operand();
      expect(')');
      return { kind: 'list_append', left, right };
    }
    return { kind: 'path', path: path() };
  };

  const actions: UpdateActions = { set: [], remove: [], add: [], delete: [] };
  const seen = new Set<string>();
  while (pos < tokens.length) {
    const clause = next().toUpperCase();
    if (!(CLAUSES as readonly string[]).includes(clause)) fail(tokens[pos - 1]!);
    if (seen.has(clause)) {
      throw validation(`Invalid ${FIELD}: The "${clause}" section can only be used once in an update expression;`);
    }
    seen.add(clause);
    do {
      if (clause === 'SET') {
        const target = path();
        expect('=');
        const left = operand();
        const op = peek() === '+' || peek() === '-' ? (next() as '+' | '-') : undefined;
        actions.set.push({ path: target, value: op ? { op, left, right: operand() } : { left } });
      } else if (clause === 'REMOVE') actions.remove.push(path());
      else {
        const target = path();
        (clause === 'ADD' ? actions.add : actions.delete).push({ path: target, value: value() });
      }
    } while (peek() === ',' && ++pos);
  }
  checkOverlaps(updatedPaths(actions));
  return actions;
}

/** Every path an update writes or removes (what UPDATED_OLD and UPDATED_NEW return). */
export function updatedPaths(actions: UpdateActions): Path[] {
  return [
    ...actions.set.map((a) => a.path),
    ...actions.remove,
    ...actions.add.map((a) => a.path),
    ...actions.delete.map((a) => a.path),
  ];
}

const show = (path: Path) => `[${path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join(', ')}]`;

function checkOverlaps(paths: Path[]): void {
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [paths[i]!, paths[j]!];
      const shorter = a.length <= b.length ? a : b;
      const longer = shorter === a ? b : a;
      if (shorter.every((step, k) => step === longer[k])) {
        throw validation(
          `Invalid ${FIELD}: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: ${show(a)}, path two: ${show(b)}`,
        );
      }
    }
  }
}
