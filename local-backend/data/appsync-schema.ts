import { buildSchema, GraphQLError, GraphQLScalarType, Kind, type GraphQLSchema, type ValueNode } from 'graphql';

/** What AppSync defines itself and the transformed schema therefore leaves out. */
const PRELUDE = `
directive @aws_api_key on OBJECT | FIELD_DEFINITION
directive @aws_iam on OBJECT | FIELD_DEFINITION
directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION
directive @aws_oidc on OBJECT | FIELD_DEFINITION
directive @aws_lambda on OBJECT | FIELD_DEFINITION
directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`;

const SCALARS: Record<string, (v: string) => boolean> = {
  AWSDateTime: (v) =>
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)$/.test(v) &&
    !isNaN(Date.parse(v.replace(/(\.\d{3})\d+/, '$1'))),
  AWSDate: (v) => /^\d{4}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/.test(v),
  AWSTime: (v) => /^\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}(:\d{2})?)?$/.test(v),
  AWSEmail: (v) => /^[^\s@]+@[^\s@]+$/.test(v),
  AWSURL: (v) => URL.canParse(v),
  AWSPhone: (v) => /^\+?[\d\s().-]{3,}$/.test(v),
  AWSIPAddress: (v) => /^(\d{1,3}\.){3}\d{1,3}(\/\d+)?$|^[0-9a-fA-F:]+(\/\d+)?$/.test(v),
};

function stringScalar(name: string, valid: (v: string) => boolean): GraphQLScalarType {
  const check = (v: unknown) => {
    if (typeof v !== 'string' || !valid(v)) throw new GraphQLError(`Invalid ${name} value: ${JSON.stringify(v)}`);
    return v;
  };
  return new GraphQLScalarType({
    name,
    serialize: (v) => v,
    parseValue: check,
    parseLiteral: (ast: ValueNode) => {
      if (ast.kind !== Kind.STRING) throw new GraphQLError(`Invalid ${name} literal`);
      return check(ast.value);
    },
  });
}

const AWSTimestamp = new GraphQLScalarType({
  name: 'AWSTimestamp',
  serialize: (v) => v,
  parseValue: (v) => {
    if (!Number.isInteger(v)) throw new GraphQLError(`Invalid AWSTimestamp value: ${JSON.stringify(v)}`);
    return v;
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.INT) throw new GraphQLError('Invalid AWSTimestamp literal');
    return Number(ast.value);
  },
});

/** AWSJSON travels as a JSON string; it is stored parsed, as the DynamoDB resolvers do. */
const AWSJSON = new GraphQLScalarType({
  name: 'AWSJSON',
  serialize: (v) => (typeof v === 'string' ? v : JSON.stringify(v)),
  parseValue: (v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v);
    } catch {
      throw new GraphQLError(`Invalid AWSJSON value: ${v}`);
    }
  },
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Invalid AWSJSON literal');
    try {
      return JSON.parse(ast.value);
    } catch {
      throw new GraphQLError(`Invalid AWSJSON value: ${ast.value}`);
    }
  },
});

/** Builds the executable schema from the transformed AppSync SDL. */
export function buildAppSyncSchema(sdl: string): GraphQLSchema {
  const scalars: GraphQLScalarType[] = [
    AWSTimestamp,
    AWSJSON,
    ...Object.entries(SCALARS).map(([n, f]) => stringScalar(n, f)),
  ];
  const declared = scalars
    .filter((s) => !new RegExp(`^scalar ${s.name}\\b`, 'm').test(sdl))
    .map((s) => `scalar ${s.name}`)
    .join('\n');
  const schema = buildSchema(`${PRELUDE}\n${declared}\n${sdl}`);
  const types = schema.getTypeMap();
  for (const scalar of scalars) {
    const target = types[scalar.name] as GraphQLScalarType;
    target.serialize = scalar.serialize;
    target.parseValue = scalar.parseValue;
    target.parseLiteral = scalar.parseLiteral;
  }
  return schema;
}
