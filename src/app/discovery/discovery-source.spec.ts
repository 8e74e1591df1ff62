import { readConsoleConfig } from './discovery-source';

function respond(body: string, status = 200): typeof fetch {
  return async () => new Response(body, { status });
}

describe('readConsoleConfig', () => {
  it('reads the JSON served beside the app', async () => {
    expect(await readConsoleConfig(respond('{"models":{}}'))).toEqual({ config: { models: {} } });
  });

  it('takes a missing file (404, or the page an SPA server answers with) as no config', async () => {
    expect(await readConsoleConfig(respond('Not found', 404))).toEqual({});
    expect(await readConsoleConfig(respond('<!doctype html><html></html>'))).toEqual({});
  });

  it('says why a file that is there cannot be used', async () => {
    expect(await readConsoleConfig(respond('{"models": '))).toEqual({
      configProblem: 'console.config.json is not valid JSON, so none of it applies.',
    });
    expect(await readConsoleConfig(respond('', 500))).toEqual({
      configProblem: 'console.config.json could not be loaded (HTTP 500).',
    });
    const failing: typeof fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await readConsoleConfig(failing)).toEqual({
      configProblem: 'The request for console.config.json failed: Failed to fetch',
    });
  });
});
