import { realtimeReconnects } from './realtime-reconnects';

describe('realtimeReconnects', () => {
  const state = async (connectionState: string) => {
    const { Hub } = await import('aws-amplify/utils');
    Hub.dispatch('api', { event: 'ConnectionStateChange', data: { connectionState } });
  };
  const tick = () => new Promise((r) => setTimeout(r, 10));

  it('emits when the connection is back after a disruption, and not when it merely connects', async () => {
    let count = 0;
    const sub = realtimeReconnects().subscribe(() => count++);
    await tick();
    await state('Connecting');
    await state('Connected');
    expect(count).toBe(0);
    await state('ConnectionDisrupted');
    await state('Connecting');
    expect(count).toBe(0);
    await state('Connected');
    expect(count).toBe(1);
    await state('ConnectedPendingKeepAlive');
    await state('Connected');
    expect(count).toBe(1);
    await state('ConnectionDisruptedPendingNetwork');
    await state('Connected');
    expect(count).toBe(2);
    sub.unsubscribe();
    await state('ConnectionDisrupted');
    await state('Connected');
    expect(count).toBe(2);
  });
});
