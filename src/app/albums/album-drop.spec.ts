import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { AlbumDrop } from './album-drop';
import { png } from './testing/fake-album-backend';

@Component({
  imports: [AlbumDrop],
  template: `<app-album-drop [disabled]="disabled()" disabledText="Uploading…" (files)="batches.push($event)" />`,
})
class Host {
  readonly disabled = signal(false);
  readonly batches: File[][] = [];
}

describe('AlbumDrop', () => {
  function setUp() {
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    const zone = (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>('app-album-drop')!;
    return { fixture, zone, host: fixture.componentInstance };
  }

  function drag(zone: HTMLElement, type: 'dragover' | 'drop', files: File[], text?: string): DragEvent {
    const transfer = new DataTransfer();
    files.forEach((f) => transfer.items.add(f));
    if (text) transfer.setData('text/plain', text);
    const event = new DragEvent(type, { dataTransfer: transfer, cancelable: true, bubbles: true });
    zone.dispatchEvent(event);
    return event;
  }

  it('takes every file dropped on it, the same file twice included', async () => {
    const { fixture, zone, host } = setUp();
    const file = png('a.png');
    expect(drag(zone, 'dragover', [file, file]).defaultPrevented).toBeTrue();
    await fixture.whenStable();
    expect(zone.classList).toContain('over');
    drag(zone, 'drop', [file, file, png('b.png')]);
    expect(host.batches.map((b) => b.map((f) => f.name))).toEqual([['a.png', 'a.png', 'b.png']]);
  });

  it('ignores a drag that carries no files (a tile being reordered, some text)', () => {
    const { zone, host } = setUp();
    expect(drag(zone, 'dragover', [], 'hello').defaultPrevented).toBeFalse();
    drag(zone, 'drop', [], 'hello');
    expect(host.batches).toEqual([]);
  });

  it('takes nothing while disabled, and says why', async () => {
    const { fixture, zone, host } = setUp();
    host.disabled.set(true);
    await fixture.whenStable();
    drag(zone, 'drop', [png('a.png')]);
    expect(host.batches).toEqual([]);
    expect(zone.textContent).toContain('Uploading…');
    expect(zone.querySelector('button')!.disabled).toBeTrue();
  });

  it('emits the files picked with the chooser', () => {
    const { zone, host } = setUp();
    const input = zone.querySelector<HTMLInputElement>('input[type=file]')!;
    const transfer = new DataTransfer();
    transfer.items.add(png('p.png'));
    input.files = transfer.files;
    input.dispatchEvent(new Event('change'));
    expect(host.batches.map((b) => b.map((f) => f.name))).toEqual([['p.png']]);
    expect(input.value).toBe('');
  });
});
