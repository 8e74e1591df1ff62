import { computed } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Theme } from './theme';

const STORAGE_KEY = 'attachment-console.theme';

/** The OS's dark-mode preference, switchable while the page is open. */
class FakeColorSchemeQuery extends EventTarget {
  readonly media = '(prefers-color-scheme: dark)';
  onchange = null;
  constructor(public matches: boolean) {
    super();
  }
  switchTo(dark: boolean): void {
    this.matches = dark;
    this.dispatchEvent(Object.assign(new Event('change'), { matches: dark }));
  }
}

describe('Theme', () => {
  let os: FakeColorSchemeQuery;

  function create(osDark: boolean): Theme {
    os = new FakeColorSchemeQuery(osDark);
    spyOn(window, 'matchMedia').and.returnValue(os as unknown as MediaQueryList);
    const theme = TestBed.inject(Theme);
    TestBed.tick();
    return theme;
  }

  beforeEach(() => localStorage.removeItem(STORAGE_KEY));
  afterEach(() => {
    localStorage.removeItem(STORAGE_KEY);
    document.documentElement.style.colorScheme = '';
  });

  it('follows the OS until the user chooses, and keeps following it while the page is open', () => {
    const theme = create(false);
    // Read the way a template does, so a change the signal graph misses would show.
    const shownDark = computed(() => theme.isDark());
    expect(theme.choice()).toBe('system');
    expect(shownDark()).toBeFalse();
    expect(document.documentElement.style.colorScheme).toBe('');
    os.switchTo(true);
    expect(shownDark()).toBeTrue();
  });

  it('the toggle pins the opposite of what shows, on <html>, and remembers it', () => {
    const theme = create(true);
    theme.toggle();
    TestBed.tick();
    expect(theme.isDark()).toBeFalse();
    expect(document.documentElement.style.colorScheme).toBe('light');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('light');
    os.switchTo(false);
    os.switchTo(true);
    expect(theme.isDark()).toBeFalse();
  });

  it('starts from the remembered choice', () => {
    localStorage.setItem(STORAGE_KEY, 'dark');
    const theme = create(false);
    expect(theme.choice()).toBe('dark');
    expect(theme.isDark()).toBeTrue();
    expect(document.documentElement.style.colorScheme).toBe('dark');
  });

  it('ignores a remembered value it does not know', () => {
    localStorage.setItem(STORAGE_KEY, 'sepia');
    expect(create(false).choice()).toBe('system');
  });
});
