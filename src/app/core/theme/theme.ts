import { DOCUMENT, DestroyRef, Injectable, computed, effect, inject, signal } from '@angular/core';

export type ThemeChoice = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'attachment-console.theme';

/**
 * Light or dark: follows the OS by default (`color-scheme: light dark` in styles.scss); an
 * explicit choice pins `color-scheme` on <html> and is remembered.
 */
@Injectable({ providedIn: 'root' })
export class Theme {
  private readonly document = inject(DOCUMENT);
  readonly choice = signal<ThemeChoice>(this.stored());
  /** The OS preference, kept current when the user switches it while the console is open. */
  private readonly systemDark = signal(false);

  /** Whether dark is showing now, whichever way it was chosen. */
  readonly isDark = computed(() => {
    const choice = this.choice();
    return choice === 'system' ? this.systemDark() : choice === 'dark';
  });

  constructor() {
    const query = this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)');
    if (query) {
      this.systemDark.set(query.matches);
      const onChange = (event: MediaQueryListEvent) => this.systemDark.set(event.matches);
      query.addEventListener('change', onChange);
      inject(DestroyRef).onDestroy(() => query.removeEventListener('change', onChange));
    }
    effect(() => {
      const choice = this.choice();
      const root = this.document.documentElement;
      root.style.colorScheme = choice === 'system' ? '' : choice;
      try {
        localStorage.setItem(STORAGE_KEY, choice);
      } catch {
        // Private mode or storage disabled: the choice lasts for this visit only.
      }
    });
  }

  toggle(): void {
    this.choice.set(this.isDark() ? 'light' : 'dark');
  }

  private stored(): ThemeChoice {
    try {
      const value = localStorage.getItem(STORAGE_KEY);
      return value === 'light' || value === 'dark' ? value : 'system';
    } catch {
      return 'system';
    }
  }
}
