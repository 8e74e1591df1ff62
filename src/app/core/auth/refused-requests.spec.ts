import { watchRefusedRequests } from './refused-requests';

describe('watchRefusedRequests', () => {
  let answer: Response;
  let stop: (() => void) | undefined;

  beforeEach(() => spyOn(globalThis, 'fetch').and.callFake(async () => answer));
  afterEach(() => stop?.());

  async function seen(status: number, target?: string): Promise<boolean> {
    let calls = 0;
    stop = watchRefusedRequests(() => calls++);
    answer = new Response('{}', { status });
    const headers: Record<string, string> = target ? { 'x-amz-target': target } : {};
    const response = await fetch('https://backend.example/', { method: 'POST', headers });
    expect(response.status).withContext('the answer passes through').toBe(status);
    stop();
    stop = undefined;
    return calls === 1;
  }

  it('tells of a 401 (AppSync refusing the token) from any client', async () => {
    expect(await seen(401)).toBeTrue();
  });

  it('tells of the identity pool refusing the tokens for credentials (400)', async () => {
    expect(await seen(400, 'AWSCognitoIdentityService.GetCredentialsForIdentity')).toBeTrue();
    expect(await seen(400, 'AWSCognitoIdentityService.GetId')).toBeTrue();
  });

  it('keeps quiet about other answers: a role refused (403), a user-pool 400, success', async () => {
    expect(await seen(403)).toBeFalse();
    expect(await seen(400, 'AWSCognitoIdentityProviderService.InitiateAuth')).toBeFalse();
    expect(await seen(400)).toBeFalse();
    expect(await seen(200)).toBeFalse();
  });

  it('gives fetch back when the last listener stops', () => {
    const before = globalThis.fetch;
    const stopFirst = watchRefusedRequests(() => undefined);
    const stopSecond = watchRefusedRequests(() => undefined);
    expect(globalThis.fetch).not.toBe(before);
    stopFirst();
    expect(globalThis.fetch).not.toBe(before);
    stopSecond();
    expect(globalThis.fetch).toBe(before);
  });
});
