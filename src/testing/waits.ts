import { filter, firstValueFrom } from 'rxjs';
import type { Job } from '../app/jobs/job';

/** Resolves once `check` holds, polling every 5 ms; fails after about a second. */
export async function until(check: () => boolean): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 200) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The job's last progress: finished, or canceled. */
export const through = <T>(job: Job<T>) =>
  firstValueFrom(job.progress$.pipe(filter((p) => p.state === 'finished' || p.state === 'canceled')));
