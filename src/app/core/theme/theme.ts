import { DOCUMENT, Injectable, effect, inject, signal } from '@angular/core';

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

  constructor() {
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

  /** Whether dark is showing now, whichever way it was chosen. */
  isDark(): boolean {
    const choice = this.choice();
    if (choice !== 'system') return choice === 'dark';
    return this.document.defaultView?.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
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
