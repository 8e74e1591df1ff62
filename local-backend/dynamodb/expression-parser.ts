import { checkAttributeValue, type AttributeValue } from './attribute-values.ts';
import { validation } from './errors.ts';

/** A document path: attribute names (placeholders resolved) and list indexes. */
export type Path = (string | number)[];

export type Operand =
  | { kind: 'path'; path: Path }
  | { kind: 'value'; value: AttributeValue }
  | { kind: 'size'; path: Path };

export type Comparator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { kind: 'and' | 'or'; left: Condition; right: Condition }
  | { kind: 'not'; cond: Condition }
  | { kind: 'compare'; op: Comparator; left: Operand; right: Operand }
  | { kind: 'between'; operand: Operand; low: Operand; high: Operand }
  | { kind: 'in'; operand: Operand; list: Operand[] }
  | { kind: 'function'; name: ConditionFunction; path: Path; arg?: Operand };

export type ConditionFunction =
  | 'attribute_exists'
  | 'attribute_not_exists'
  | 'attribute_type'
  | 'begins_with'
  | 'contains';

const FUNCTIONS = new Set(['attribute_exists', 'attribute_not_exists', 'attribute_type', 'begins_with', 'contains']);

/**
 * The placeholders of one request (ExpressionAttributeNames and ExpressionAttributeValues), with
 * what its expressions used: DynamoDB refuses a request that defines one and uses none of it.
 */
export class Placeholders {
  private readonly usedNames = new Set<string>();
  private readonly usedValues = new Set<string>();

  constructor(
    private readonly names: Record<string, string> = {},
    private readonly values: Record<string, unknown> = {},
  ) {
    for (const [k, v] of Object.entries(values)) checkAttributeValue(v, `ExpressionAttributeValues ${k}`);
  }

  name(placeholder: string, expression: string): string {
    const name = this.names[placeholder];
    if (typeof name !== 'string') {
      throw validation(
        `Invalid ${expression}: An expression attribute name used in the document path is not defined; attribute name: ${placeholder}`,
      );
    }
    this.usedNames.add(placeholder);
    return name;
  }

  value(placeholder: string, expression: string): AttributeValue {
    const value = this.values[placeholder];
    if (value === undefined) {
      throw validation(
        `Invalid ${expression}: An expression attribute value used in expression is not defined; attribute value: ${placeholder}`,
      );
    }
    this.usedValues.add(placeholder);
    return value as AttributeValue;
  }

  /** After every expression of the request was parsed. */
  checkAllUsed(): void {
    const unusedValues = Object.keys(this.values).filter((k) => !this.usedValues.has(k));
    if (unusedValues.length) {
      throw validation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(', ')}}`,
      );
    }
    const unusedNames = Object.keys(this.names).filter((k) => !this.usedNames.has(k));
    if (unusedNames.length) {
      throw validation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(', ')}}`,
      );
    }
  }
}

const TOKEN = /\s*(<>|<=|>=|[=<>(),.[\]]|#[A-Za-z0-9_]+|:[A-Za-z0-9_]+|[A-Za-z_][A-Za-z0-9_]*|\d+|\S)/y;

class Parser {
  private readonly tokens: string[] = [];
  private pos = 0;

  constructor(
    private readonly text: string,
    /** The request field, as DynamoDB names it in messages (FilterExpression, KeyConditionExpression, …). */
    private readonly field: string,
    private readonly placeholders: Placeholders,
  ) {
    TOKEN.lastIndex = 0;
    let m: RegExpExecArray | null;
    while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text))) this.tokens.push(m[1]!);
    if (this.tokens.length === 0) throw validation(`Invalid ${field}: The expression can not be empty;`);
  }

  private peek(): string | undefined {
    return this.tokens[this.pos];
  }

  private next(): string {
    const t = this.tokens[this.pos++];
    if (t === undefined) this.fail('<EOF>');
    return t!;
  }

  private isKeyword(word: string): boolean {
    return this.peek()?.toUpperCase() === word;
  }

  private expect(token: string): void {
    const t = this.next();
    if (t !== token) this.fail(t);
  }

  fail(token: string): never {
    const near = this.tokens.slice(Math.max(0, this.pos - 2), this.pos + 1).join(' ');
    throw validation(`Invalid ${this.field}: Syntax error; token: "${token}", near: "${near}"`);
  }

  done(): void {
    if (this.pos < this.tokens.length) this.fail(this.tokens[this.pos]!);
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isKeyword('OR')) {
      this.pos++;
      left = { kind: 'or', left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isKeyword('AND')) {
      this.pos++;
      left = { kind: 'and', left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isKeyword('NOT')) {
      this.pos++;
      return { kind: 'not', cond: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    if (this.peek() === '(') {
      this.pos++;
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const word = this.peek() ?? '';
    if (FUNCTIONS.has(word) && this.tokens[this.pos + 1] === '(') {
      this.pos += 2;
      const path = this.path();
      let arg: Operand | undefined;
      if (word === 'attribute_type' || word === 'begins_with' || word === 'contains') {
        this.expect(',');
        arg = this.operand();
      }
      this.expect(')');
      return { kind: 'function', name: word as ConditionFunction, path, arg };
    }
    const operand = this.operand();
    if (this.isKeyword('BETWEEN')) {
      this.pos++;
      const low = this.operand();
      if (!this.isKeyword('AND')) this.fail(this.peek() ?? '<EOF>');
      this.pos++;
      return { kind: 'between', operand, low, high: this.operand() };
    }
    if (this.isKeyword('IN')) {
      this.pos++;
      this.expect('(');
      const list = [this.operand()];
      while (this.peek() === ',') {
        this.pos++;
        list.push(this.operand());
      }
      this.expect(')');
      return { kind: 'in', operand, list };
    }
    const op = this.next();
    if (!['=', '<>', '<', '<=', '>', '>='].includes(op)) this.fail(op);
    return { kind: 'compare', op: op as Comparator, left: operand, right: this.operand() };
  }

  operand(): Operand {
    const t = this.peek() ?? '';
    if (t.startsWith(':')) {
      this.pos++;
      return { kind: 'value', value: this.placeholders.value(t, this.field) };
    }
    if (t === 'size' && this.tokens[this.pos + 1] === '(') {
      this.pos += 2;
      const path = this.path();
      this.expect(')');
      return { kind: 'size', path };
    }
    return { kind: 'path', path: this.path() };
  }

  /** Document paths separated by commas (a projection). */
  paths(): Path[] {
    const paths = [this.path()];
    while (this.peek() === ',') {
      this.pos++;
      paths.push(this.path());
    }
    return paths;
  }

  path(): Path {
    const path: Path = [this.name()];
    for (;;) {
      if (this.peek() === '.') {
        this.pos++;
        path.push(this.name());
      } else if (this.peek() === '[') {
        this.pos++;
        const index = this.next();
        if (!/^\d+$/.test(index)) this.fail(index);
        this.expect(']');
        path.push(Number(index));
      } else return path;
    }
  }

  private name(): string {
    const t = this.next();
    if (t.startsWith('#')) return this.placeholders.name(t, this.field);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) this.fail(t);
    return t;
  }
}

/** A condition (FilterExpression, ConditionExpression, KeyConditionExpression). */
export function parseCondition(text: string, field: string, placeholders: Placeholders): Condition {
  const parser = new Parser(text, field, placeholders);
  const cond = parser.condition();
  parser.done();
  return cond;
}

/** A ProjectionExpression: document paths separated by commas. */
export function parseProjection(text: string, placeholders: Placeholders): Path[] {
  const parser = new Parser(text, 'ProjectionExpression', placeholders);
  const paths = parser.paths();
  parser.done();
  return paths;
}
