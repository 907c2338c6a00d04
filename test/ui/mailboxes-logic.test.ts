// The app's mailbox verification, as logic: the first check never spends (it only
// counts and prices), and the confirmed check may ask about no more addresses
// than the user agreed to pay for.
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../shared/model/check';
import { checkRequestFrom, draftFromDetection, draftProblems } from '../../renderer/src/columns/draft';
import { confirmedVerification, costSentence } from '../../renderer/src/mailboxes/verify';
import { mailboxPrice } from '../../shared/model/mailbox';

const list: InspectResult = {
  path: '/home/sam/list.csv',
  fileName: 'list.csv',
  bytes: 100,
  notes: [],
  encoding: 'utf-8',
  delimiter: ',',
  headers: ['Email'],
  sample: [['a@b.com']],
  detected: {
    email: { index: 0, name: 'Email', confidence: 0.99, why: 'header' },
    consent: null,
    optInDate: null,
    lastActivity: [],
    doubleOptIn: null,
    optOut: [],
    status: null,
    verifier: null,
    unreadable: [],
  },
};

describe('verify mailboxes in the app', () => {
  it('the check the Columns screen starts never asks SES (an estimate), whatever the limit', () => {
    const draft = { ...draftFromDetection(list), useSes: true, verifyMailboxes: true, verifyLimit: '2,500' };
    expect(draftProblems(draft).verifyLimit).toBeUndefined();
    expect(checkRequestFrom(list, draft).settings.ses?.verifyMailboxes).toEqual({ limit: 2500, ask: false });
  });

  it('is off for every new list: money is agreed to list by list', () => {
    expect(draftFromDetection(list, { consentMaxAgeDays: 730, inactiveAfterDays: 365, useSes: true }).verifyMailboxes).toBe(false);
  });

  it('a limit that is not a count stops the check with its sentence', () => {
    for (const verifyLimit of ['0', 'lots', '-5', '2000000']) {
      expect(draftProblems({ ...draftFromDetection(list), useSes: true, verifyMailboxes: true, verifyLimit }).verifyLimit).toMatch(
        /^Enter a whole number of addresses/,
      );
    }
  });

  it('the confirmed check asks at most the count the user agreed to, never more than the limit', () => {
    const estimate = checkRequestFrom(list, { ...draftFromDetection(list), useSes: true, verifyMailboxes: true, verifyLimit: '1000' });
    expect(confirmedVerification(estimate, 812).settings.ses?.verifyMailboxes).toEqual({ limit: 812, ask: true });
    expect(confirmedVerification(estimate, 5000).settings.ses?.verifyMailboxes).toEqual({ limit: 1000, ask: true });
    // The estimate request itself is left as it was.
    expect(estimate.settings.ses?.verifyMailboxes).toEqual({ limit: 1000, ask: false });
  });

  it('the configuration set the campaign is sent with reaches the check and the confirmed check, for its Auto Validation', () => {
    const draft = {
      ...draftFromDetection(list),
      useSes: true,
      verifyMailboxes: true,
      verifyLimit: '1000',
      verifyConfigurationSet: ' newsletter ',
    };
    expect(draftProblems(draft).verifyConfigurationSet).toBeUndefined();
    const estimate = checkRequestFrom(list, draft);
    expect(estimate.settings.ses?.verifyMailboxes).toEqual({ limit: 1000, ask: false, configurationSet: 'newsletter' });
    expect(confirmedVerification(estimate, 3).settings.ses?.verifyMailboxes).toEqual({
      limit: 3,
      ask: true,
      configurationSet: 'newsletter',
    });
    // Left empty, the account's setting is read.
    expect(checkRequestFrom(list, { ...draft, verifyConfigurationSet: '' }).settings.ses?.verifyMailboxes).toEqual({
      limit: 1000,
      ask: false,
    });
    for (const name of ['news letter', 'a/b', 'x'.repeat(65)]) {
      expect(draftProblems({ ...draft, verifyConfigurationSet: name }).verifyConfigurationSet).toMatch(
        /^Enter the configuration set’s name/,
      );
    }
  });

  it('every cost shown carries the price, its source and its date', () => {
    expect(costSentence({ price: mailboxPrice(undefined, '2026-12-07') }, 812)).toBe(
      'about $8.12 at $0.01 per address (AWS’s SES pricing page, Email Validation, pay-as-you-go, as recorded in Preflight’s issue 14, 2025-12; not checked against AWS’s current pricing page)',
    );
    // A price the user gave is theirs, dated the day of the check, and not called AWS's.
    expect(costSentence({ price: mailboxPrice(0.004, '2026-12-07') }, 1000)).toBe(
      'about $4.00 at $0.004 per address (the price you gave, 2026-12-07)',
    );
  });
});
