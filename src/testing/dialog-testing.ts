import { Component } from '@angular/core';
import type { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed, type ComponentFixture } from '@angular/core/testing';

@Component({ template: '' })
class DialogHost {}

/** A fixture to run dialogs from, and a loader that finds them in the overlay. */
export function dialogLoader(): { fixture: ComponentFixture<unknown>; loader: HarnessLoader } {
  const fixture = TestBed.createComponent(DialogHost);
  return { fixture, loader: TestbedHarnessEnvironment.documentRootLoader(fixture) };
}

/** Chooses a file in the open dialog's file picker, as the browser's file chooser would. */
export function chooseFile(file: File): void {
  const input = document.querySelector<HTMLInputElement>('.cdk-overlay-container input[type=file]');
  if (!input) throw new Error('no file input in the dialog');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

/** Drops a file on the dialog's drop zone. */
export function dropFile(file: File): void {
  const zone = document.querySelector<HTMLElement>('.cdk-overlay-container [data-testid=cover-drop]');
  if (!zone) throw new Error('no drop zone in the dialog');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
  zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
}

/** Text of the open overlay (dialogs, snackbars), whitespace collapsed. */
export function overlayText(): string {
  return (document.querySelector('.cdk-overlay-container')?.textContent ?? '').replace(/\s+/g, ' ');
}
