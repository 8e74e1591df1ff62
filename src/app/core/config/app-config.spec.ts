import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import type { ResourcesConfig } from 'aws-amplify';
import { AppConfig, validateOutputs } from './app-config';

export const VALID_OUTPUTS = {
  version: '1.4',
  auth: {
    aws_region: 'eu-west-1',
    user_pool_id: 'eu-west-1_TESTPOOL',
    user_pool_client_id: 'client123',
    identity_pool_id: 'eu-west-1:00000000-0000-4000-8000-000000000000',
    username_attributes: ['email'],
    standard_required_attributes: ['email'],
    user_verification_types: ['email'],
    groups: [{ ADMINS: { precedence: 0 } }, { OPERATORS: { precedence: 1 } }, { VIEWERS: { precedence: 2 } }],
    mfa_configuration: 'NONE',
    mfa_methods: [],
    unauthenticated_identities_enabled: true,
  },
  data: {
    url: 'http://localhost:20005/graphql',
    aws_region: 'eu-west-1',
    default_authorization_type: 'AMAZON_COGNITO_USER_POOLS',
    authorization_types: ['API_KEY'],
    api_key: 'da2-local',
    model_introspection: {
      models: {
        Song: { fields: { coverArtPath: { name: 'coverArtPath', type: 'String', isArray: false } } },
        PhotoAlbum: { fields: { imagePaths: { name: 'imagePaths', type: 'String', isArray: true } } },
      },
    },
  },
  storage: { aws_region: 'eu-west-1', bucket_name: 'attachment-console-local' },
  custom: {
    localBackend: true,
    userPoolEndpoint: 'http://localhost:20005/cognito-idp',
    identityPoolEndpoint: 'http://localhost:20005/cognito-identity',
    s3LocalEndpoint: 'http://localhost:20005',
  },
};

@Injectable()
class RecordingConfig extends AppConfig {
  configured: ResourcesConfig[] = [];
  protected override async configureAmplify(config: ResourcesConfig): Promise<void> {
    this.configured.push(config);
  }
}

function respond(body: string, status = 200): typeof fetch {
  return async () => new Response(body, { status });
}

describe('AppConfig', () => {
  let config: RecordingConfig;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: AppConfig, useClass: RecordingConfig }] });
    config = TestBed.inject(AppConfig) as RecordingConfig;
  });

  it('starts out loading', () => {
    expect(config.state().status).toBe('loading');
  });

  it('configures Amplify from valid outputs, with the local endpoints from "custom"', async () => {
    const state = await config.load(respond(JSON.stringify(VALID_OUTPUTS)));
    expect(state.status).toBe('ready');
    expect(config.state()).toEqual(jasmine.objectContaining({ status: 'ready', local: true, region: 'eu-west-1' }));
    const [applied] = config.configured;
    expect(applied.Auth?.Cognito.userPoolId).toBe('eu-west-1_TESTPOOL');
    expect(applied.Auth?.Cognito.userPoolEndpoint).toBe('http://localhost:20005/cognito-idp');
    expect(applied.Auth?.Cognito.identityPoolEndpoint).toBe('http://localhost:20005/cognito-identity');
    expect(applied.Storage?.S3.dangerouslyConnectToHttpEndpointForTesting).toBe('true');
    expect(applied.API?.GraphQL?.endpoint).toBe('http://localhost:20005/graphql');
  });

  it('leaves cloud outputs untouched (no custom endpoints, no local S3 switch)', async () => {
    const { custom: _custom, ...cloud } = VALID_OUTPUTS;
    await config.load(respond(JSON.stringify(cloud)));
    const [applied] = config.configured;
    expect(config.state()).toEqual(jasmine.objectContaining({ status: 'ready', local: false }));
    expect(applied.Auth?.Cognito.userPoolEndpoint).toBeUndefined();
    expect(applied.Storage?.S3.dangerouslyConnectToHttpEndpointForTesting).toBeUndefined();
  });

  it('says the file is missing on a 404, and configures nothing', async () => {
    const state = await config.load(respond('Not found', 404));
    expect(state).toEqual({ status: 'missing', detail: 'amplify_outputs.json was not found beside the app.' });
    expect(config.configured).toEqual([]);
  });

  it('treats an HTML fallback page (SPA servers answer 200 with index.html) as missing', async () => {
    const state = await config.load(respond('<!doctype html><html></html>'));
    expect(state.status).toBe('missing');
  });

  it('says the file is missing when the request fails', async () => {
    const state = await config.load(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(state.status).toBe('missing');
    expect(state.status === 'missing' && state.detail).toContain('Failed to fetch');
  });

  it('reports invalid JSON', async () => {
    const state = await config.load(respond('{"version": '));
    expect(state).toEqual({ status: 'invalid', detail: 'amplify_outputs.json is not valid JSON.' });
    expect(config.configured).toEqual([]);
  });

  it('reports outputs without a user pool', async () => {
    const state = await config.load(respond(JSON.stringify({ version: '1.4', data: VALID_OUTPUTS.data })));
    expect(state.status).toBe('invalid');
    expect(state.status === 'invalid' && state.detail).toContain('"auth"');
  });

  it('starts on any Gen 2 backend: models without Song or PhotoAlbum are for discovery to read', async () => {
    const models = { Todo: { name: 'Todo', fields: { content: { name: 'content', type: 'String', isArray: false } } } };
    const outputs = { ...VALID_OUTPUTS, data: { ...VALID_OUTPUTS.data, model_introspection: { models } } };
    const state = await config.load(respond(JSON.stringify(outputs)));
    expect(state.status).toBe('ready');
    expect(config.configured.length).toBe(1);
  });

  it('refuses outputs with no Data backend or no model introspection, saying which, and configures nothing', async () => {
    const { data, ...withoutData } = VALID_OUTPUTS;
    let state = await config.load(respond(JSON.stringify(withoutData)));
    expect(state.status === 'invalid' && state.detail).toContain('has no "data" section');
    const { model_introspection, ...bareData } = data;
    expect(model_introspection).toBeDefined();
    state = await config.load(respond(JSON.stringify({ ...VALID_OUTPUTS, data: bareData })));
    expect(state.status === 'invalid' && state.detail).toContain('has no data.model_introspection');
    expect(config.configured).toEqual([]);
  });

  it('can be retried after the file appears', async () => {
    await config.load(respond('', 404));
    expect(config.state().status).toBe('missing');
    await config.load(respond(JSON.stringify(VALID_OUTPUTS)));
    expect(config.state().status).toBe('ready');
  });
});

describe('validateOutputs', () => {
  it('accepts the outputs ampx writes', () => {
    expect(validateOutputs(VALID_OUTPUTS)).toBeUndefined();
  });

  it('names the missing field', () => {
    expect(validateOutputs({ version: '1', auth: { aws_region: 'x', user_pool_id: 'p' } })).toContain(
      'auth.user_pool_client_id',
    );
    expect(validateOutputs([])).toContain('JSON object');
    expect(validateOutputs({ auth: {} })).toContain('"version"');
    expect(validateOutputs({ ...VALID_OUTPUTS, data: { aws_region: 'x' } })).toContain('data.url');
  });
});
