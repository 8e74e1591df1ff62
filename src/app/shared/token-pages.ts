import { computed, signal } from '@angular/core';

/**
 * Where a server-paged list is, for an API that pages with continuation tokens (which only go
 * forward): the tokens of the pages up to the current one, so Previous can go back, and the next
 * page's token from the last answer.
 */
export class TokenPages {
  /** [0] is the first page's token: null. */
  private readonly tokens = signal<(string | null)[]>([null]);
  /** The token of the page after the current one; null on the last page. */
  readonly nextToken = signal<string | null>(null);
  /** 1 for the first page. */
  readonly pageNumber = computed(() => this.tokens().length);

  /** The token to ask for the current page with. */
  current(): string | null {
    return this.tokens().at(-1) ?? null;
  }

  /** Moves to the next page; false (and no move) on the last page. */
  next(): boolean {
    const token = this.nextToken();
    if (!token) return false;
    this.tokens.update((t) => [...t, token]);
    return true;
  }

  /** Moves back a page; false (and no move) on the first. */
  previous(): boolean {
    if (this.tokens().length < 2) return false;
    this.tokens.update((t) => t.slice(0, -1));
    return true;
  }

  /** Back to the first page (a new search or filter). */
  restart(): void {
    this.tokens.set([null]);
  }
}
