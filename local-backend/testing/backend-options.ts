import type { BackendOptions } from '../options.ts';

/**
 * The options a test runs the backend (or one of its services) with: loopback, any free port, no
 * added latency nor failures, no outputs file, no demo data, errors only; `overrides` on top.
 */
export function testBackendOptions(dataDir: string, overrides: Partial<BackendOptions> = {}): BackendOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    latencyMs: 0,
    failRate: 0,
    logLevel: 'error',
    outputsFile: '',
    seed: false,
    ...overrides,
  };
}
