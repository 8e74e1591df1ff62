import { Component } from '@angular/core';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { TestBed } from '@angular/core/testing';
import { MatSnackBarHarness } from '@angular/material/snack-bar/testing';
import { AttachmentError } from '../../attachments/attachment-error';
import { Reachability } from '../backend/reachability';
import { Notifier, messageOf } from './notifier';

@Component({ template: '' })
class Host {}

describe('Notifier', () => {
  let reports: number;

  async function snackBar(): Promise<MatSnackBarHarness> {
    const fixture = TestBed.createComponent(Host);
    return TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatSnackBarHarness);
  }

  beforeEach(() => {
    reports = 0;
    TestBed.configureTestingModule({
      providers: [{ provide: Reachability, useValue: { report: () => reports++ } }],
    });
  });

  it('says that an action finished', async () => {
    TestBed.inject(Notifier).success('Song saved');
    const bar = await snackBar();
    expect(await bar.getMessage()).toBe('Song saved');
    expect(await bar.getAriaLive()).toBe('polite');
    await bar.dismissWithAction();
  });

  it("shows an AttachmentError's own message, assertively", async () => {
    TestBed.inject(Notifier).error(new AttachmentError('forbidden', 'Your role may not delete songs.'));
    const bar = await snackBar();
    expect(await bar.getMessage()).toBe('Your role may not delete songs.');
    expect(await bar.getAriaLive()).toBe('assertive');
    expect(await bar.getActionDescription()).toBe('Dismiss');
    expect(reports).toBe(0);
    await bar.dismissWithAction();
  });

  it('asks Reachability to check when the backend is unavailable', async () => {
    TestBed.inject(Notifier).error(new AttachmentError('unavailable', 'The backend cannot be reached.'));
    const bar = await snackBar();
    expect(await bar.getMessage()).toBe('The backend cannot be reached.');
    expect(reports).toBe(1);
    await bar.dismissWithAction();
  });

  it("tells a cancel politely, as the outcome of the operator's own choice", async () => {
    TestBed.inject(Notifier).error(new AttachmentError('canceled', 'Upload canceled.'));
    const bar = await snackBar();
    expect(await bar.getMessage()).toBe('Upload canceled.');
    expect(await bar.getAriaLive()).toBe('polite');
    expect(reports).toBe(0);
    await bar.dismissWithAction();
  });

  it('words errors of other shapes', () => {
    expect(messageOf(new Error('boom'))).toBe('Something went wrong: boom');
    expect(messageOf('Quota exceeded')).toBe('Quota exceeded');
    expect(messageOf({ weird: true })).toBe('Something went wrong.');
  });
});
