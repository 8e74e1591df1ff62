import { Injectable } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FakeReachability, until } from '../../../testing/fake-reachability';
import { Reachability, RETRY_DELAYS_S } from './reachability';
import { backendUrl, probeUrl } from './backend-url';

/** The real probe, pointed at a chosen URL. */
@Injectable()
class ProbeAt extends Reachability {
  at(url: string): Promise<boolean> {
    return this.probe(url);
  }
}

describe('Reachability', () => {
  let reachability: FakeReachability;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [{ provide: Reachability, useClass: FakeReachability }] });
    reachability = TestBed.inject(Reachability) as FakeReachability;
    jasmine.clock().install();
    jasmine.clock().mockDate(new Date(2026, 0, 1));
  });

  afterEach(() => jasmine.clock().uninstall());

  it('is reachable while the backend answers, and schedules nothing', async () => {
    expect(await reachability.check()).toBeTrue();
    expect(reachability.status()).toBe('reachable');
    expect(reachability.retryAt()).toBeNull();
  });

  it('counts the backend as there when other work heard from it while the probe got no answer', async () => {
    reachability.up = false;
    reachability.duringProbe = () => reachability.answered();
    expect(await reachability.check()).toBeTrue();
    expect(reachability.status()).toBe('reachable');

    // An answer from before the probe started proves nothing about now.
    reachability.duringProbe = undefined;
    jasmine.clock().tick(1);
    expect(await reachability.check()).toBeFalse();
    expect(reachability.status()).toBe('unreachable');
  });

  it('backs off 2, 4, 8, 15, then every 30 s while the backend does not answer', async () => {
    reachability.up = false;
    await reachability.check();
    const waits: number[] = [];
    for (let i = 0; i < RETRY_DELAYS_S.length + 1; i++) {
      const wait = reachability.retryAt()! - Date.now();
      waits.push(wait / 1000);
      const probes = reachability.probes;
      jasmine.clock().tick(wait);
      await until(() => reachability.probes === probes + 1 && reachability.retryAt() !== null);
    }
    expect(waits).toEqual([2, 4, 8, 15, 30, 30]);
    expect(reachability.status()).toBe('unreachable');
  });

  it('tells listeners once when the backend answers again, and starts the backoff afresh', async () => {
    const restored = jasmine.createSpy('restored');
    reachability.onRestored(restored);
    reachability.up = false;
    await reachability.check();
    jasmine.clock().tick(2000);
    await until(() => reachability.probes === 2 && reachability.retryAt() !== null);

    reachability.up = true;
    expect(await reachability.retryNow()).toBeTrue();
    expect(restored).toHaveBeenCalledTimes(1);
    expect(reachability.retryAt()).toBeNull();
    await reachability.check();
    expect(restored).toHaveBeenCalledTimes(1);

    reachability.up = false;
    await reachability.check();
    expect(reachability.retryAt()).toBe(Date.now() + 2000);
  });

  it('leaves the backoff alone when more failures are reported while it waits', async () => {
    reachability.up = false;
    reachability.report();
    await until(() => reachability.retryAt() !== null);
    const at = reachability.retryAt();
    reachability.report();
    reachability.report();
    expect(reachability.probes).toBe(1);
    expect(reachability.retryAt()).toBe(at);
  });

  it('shares one probe between callers that ask at the same time', async () => {
    await Promise.all([reachability.check(), reachability.check(), reachability.check()]);
    expect(reachability.probes).toBe(1);
  });

  it('turns unreachable on a failed request even when the last probe passed', () => {
    reachability.markUnreachable();
    expect(reachability.unreachable()).toBeTrue();
    expect(reachability.retryAt()).toBe(Date.now() + 2000);
  });
});

describe('Reachability probe (real fetch)', () => {
  beforeEach(() => TestBed.configureTestingModule({ providers: [ProbeAt] }));

  it('counts any HTTP answer, even a 404 from another origin, as reachable', async () => {
    expect(await TestBed.inject(ProbeAt).at(`${location.origin}/no-such-file`)).toBeTrue();
  });

  it('reports a refused connection as unreachable', async () => {
    expect(await TestBed.inject(ProbeAt).at('http://127.0.0.1:9/')).toBeFalse();
  });
});

describe('backendUrl', () => {
  it("names the local backend's origin, or the regional Cognito endpoint", () => {
    expect(
      backendUrl({ custom: { userPoolEndpoint: 'http://localhost:20005/cognito-idp' }, auth: { aws_region: 'x' } }),
    ).toBe('http://localhost:20005');
    expect(backendUrl({ auth: { aws_region: 'eu-west-1' } })).toBe('https://cognito-idp.eu-west-1.amazonaws.com');
  });
});

describe('probeUrl', () => {
  it("asks for the user pool's public keys, which answer 200 without credentials", () => {
    expect(
      probeUrl({
        custom: { userPoolEndpoint: 'http://localhost:20005/cognito-idp' },
        auth: { aws_region: 'x', user_pool_id: 'local_abc' },
      }),
    ).toBe('http://localhost:20005/cognito-idp/local_abc/.well-known/jwks.json');
    expect(probeUrl({ auth: { aws_region: 'eu-west-1', user_pool_id: 'eu-west-1_Ab12' } })).toBe(
      'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12/.well-known/jwks.json',
    );
  });

  it("falls back to the backend's address without a user pool", () => {
    expect(probeUrl({ auth: { aws_region: 'eu-west-1' } })).toBe('https://cognito-idp.eu-west-1.amazonaws.com');
  });
});

describe('Reachability and the realtime connection', () => {
  it('checks the backend when a live query reports its connection disrupted', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: Reachability, useClass: FakeReachability }] });
    const reachability = TestBed.inject(Reachability) as FakeReachability;
    const { Hub } = await import('aws-amplify/utils');
    await until(() => {
      Hub.dispatch('api', { event: 'ConnectionStateChange', data: { connectionState: 'Connected' } });
      return true;
    });
    expect(reachability.probes).toBe(0);

    reachability.up = false;
    await until(() => {
      Hub.dispatch('api', { event: 'ConnectionStateChange', data: { connectionState: 'ConnectionDisrupted' } });
      return reachability.probes > 0;
    });
    await until(() => reachability.status() === 'unreachable');
  });
});
