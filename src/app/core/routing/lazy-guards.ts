import { EnvironmentInjector, inject, runInInjectionContext } from '@angular/core';
import type { CanMatchFn, MaybeAsync, ResolveFn } from '@angular/router';
import { firstValueFrom, isObservable } from 'rxjs';

function settle<T>(result: MaybeAsync<T>): Promise<T> {
  return isObservable(result) ? firstValueFrom(result) : Promise.resolve(result);
}

/**
 * A match guard whose code loads when it first runs, so what it needs (discovery) stays out of the
 * first load; it runs in the injection context the router gave it.
 */
export function lazyCanMatch(load: () => Promise<CanMatchFn>): CanMatchFn {
  return async (route, segments, snapshot) => {
    const injector = inject(EnvironmentInjector);
    const guard = await load();
    return settle(runInInjectionContext(injector, () => guard(route, segments, snapshot)));
  };
}

/** A resolver whose code loads when it first runs (see lazyCanMatch). */
export function lazyResolve<T>(load: () => Promise<ResolveFn<T>>): ResolveFn<T> {
  return async (route, state) => {
    const injector = inject(EnvironmentInjector);
    const resolve = await load();
    return settle(runInInjectionContext(injector, () => resolve(route, state)));
  };
}
