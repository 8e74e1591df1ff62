import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../log.ts';
import type { BackendOptions } from '../options.ts';
import { testBackendOptions } from './backend-options.ts';
import { startLocalBackend, type RunningBackend } from '../local-backend.ts';
import { demoPlan } from '../seed/demo-plan.ts';

export { testBackendOptions };

export interface TestBackend extends RunningBackend {
  dataDir: string;
  /** Stops the process; removes the data directory unless `keepData` (for restart tests). */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/**
 * Starts the real local backend in this process on a fresh temporary data directory.
 * Port 0 (any free port) unless given; the Storage client only reaches port 20005.
 * `seed` (on unless false) plants the demo world that amplify/seed/seed.ts makes straight into the
 * stores, on any port and in milliseconds; seed.test.ts checks the two make the same world.
 */
export async function startTestBackend(
  overrides: Partial<BackendOptions> = {},
  /** Receives every log line (e.g. to read confirmation codes); stderr when absent. */
  logSink?: (line: string) => void,
): Promise<TestBackend> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'local-backend-test-'));
  const { seed = true, ...rest } = overrides;
  const options = testBackendOptions(dataDir, {
    logLevel: (process.env['LOCAL_BACKEND_LOG_LEVEL'] as BackendOptions['logLevel']) ?? 'warn',
    ...rest,
    seed: false,
  });
  const backend = await startLocalBackend(options, createLogger(options.logLevel, logSink));
  const demoAccounts = seed ? await plantDemoWorld(backend) : [];
  return {
    ...backend,
    demoAccounts,
    dataDir,
    async stop(opts) {
      await backend.close();
      if (!opts?.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The demo world of amplify/seed/seed.ts, written straight into the stores: users, records, files. */
async function plantDemoWorld(backend: RunningBackend): Promise<RunningBackend['demoAccounts']> {
  const accounts = await backend.identityService.seedDemoUsers();
  await backend.data?.seed(demoPlan());
  await backend.storage?.seed(demoPlan());
  return accounts;
}
