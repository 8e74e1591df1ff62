import { TokenPages } from './token-pages';

describe('TokenPages', () => {
  it('starts on page 1, asking with no token, with no next page', () => {
    const pages = new TokenPages();
    expect(pages.pageNumber()).toBe(1);
    expect(pages.current()).toBeNull();
    expect(pages.next()).toBeFalse();
    expect(pages.previous()).toBeFalse();
    expect(pages.pageNumber()).toBe(1);
  });

  it('goes forward with each answer’s token and back through the tokens it kept', () => {
    const pages = new TokenPages();
    pages.nextToken.set('t2');
    expect(pages.next()).toBeTrue();
    expect([pages.pageNumber(), pages.current()]).toEqual([2, 't2']);
    pages.nextToken.set('t3');
    expect(pages.next()).toBeTrue();
    expect([pages.pageNumber(), pages.current()]).toEqual([3, 't3']);
    pages.nextToken.set(null); // the last page
    expect(pages.next()).toBeFalse();
    expect(pages.pageNumber()).toBe(3);
    expect(pages.previous()).toBeTrue();
    expect([pages.pageNumber(), pages.current()]).toEqual([2, 't2']);
    expect(pages.previous()).toBeTrue();
    expect([pages.pageNumber(), pages.current()]).toEqual([1, null]);
  });

  it('restarts at the first page', () => {
    const pages = new TokenPages();
    pages.nextToken.set('t2');
    pages.next();
    pages.restart();
    expect([pages.pageNumber(), pages.current()]).toEqual([1, null]);
  });
});
