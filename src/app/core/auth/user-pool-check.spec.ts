import { userPoolRefusal, userPoolUrl } from './user-pool-check';

describe('userPoolRefusal', () => {
  const answer = (status: number, body: unknown) =>
    jasmine.createSpy('fetch').and.resolveTo(Response.json(body, { status }));

  it('sends GetUser with the access token, as the Auth client does', async () => {
    const fetchFn = answer(200, { Username: 'u' });
    expect(await userPoolRefusal('https://pool.example/', 'access-token', fetchFn)).toBeUndefined();
    const [url, init] = fetchFn.calls.mostRecent().args as [string, RequestInit];
    expect(url).toBe('https://pool.example/');
    expect((init.headers as Record<string, string>)['x-amz-target']).toBe('AWSCognitoIdentityProviderService.GetUser');
    expect(JSON.parse(init.body as string)).toEqual({ AccessToken: 'access-token' });
  });

  it("gives Cognito's refusal as the client would throw it", async () => {
    const fetchFn = answer(400, { __type: 'NotAuthorizedException', message: 'User is disabled.' });
    expect(await userPoolRefusal('u', 't', fetchFn)).toEqual({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
    const prefixed = answer(400, { __type: 'com.amazonaws#UserNotFoundException', message: 'User does not exist.' });
    expect((await userPoolRefusal('u', 't', prefixed))?.name).toBe('UserNotFoundException');
  });

  it('says nothing about the tokens on a server error, and rejects when nothing answers', async () => {
    expect(await userPoolRefusal('u', 't', answer(500, {}))).toBeUndefined();
    const gone = jasmine.createSpy('fetch').and.rejectWith(new TypeError('Failed to fetch'));
    await expectAsync(userPoolRefusal('u', 't', gone)).toBeRejectedWithError(TypeError);
  });

  it("asks the configured endpoint, else Cognito's for the pool's region", () => {
    expect(userPoolUrl('eu-west-1_abc', 'http://localhost:20005/cognito-idp')).toBe(
      'http://localhost:20005/cognito-idp',
    );
    expect(userPoolUrl('eu-west-1_abc')).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
  });
});
