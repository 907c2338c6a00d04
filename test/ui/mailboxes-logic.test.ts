// The app's mailbox verification, as logic: the first check never spends (it only
// counts and prices), and the confirmed check may ask about no more addresses
// than the user agreed to pay for.
import { describe, expect, it } from 'vitest';
import type { InspectResult } from '../../shared/model/check';
import { checkRequestFrom, draftFromDetection, draftProblems } from '../../renderer/src/columns/draft';
import { confirmedVerification, costSentence } from '../../renderer/src/mailboxes/verify';

const list: InspectResult = {
  path: '/home/sam/list.csv',
  fileName: 'list.csv',
  bytes: 100,
  notes: [],
  encoding: 'utf-8',
  delimiter: ',',
  headers: ['Email'],
  sample: [['a@b.com']],
  detected: { email: { index: 0, name: 'Email', confidence: 0.99, why: 'header' }, consent: null, optInDate: null, lastActivity: [], doubleOptIn: null, optOut: [], status: null, verifier: null, unreadable: [] },
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
      expect(draftProblems({ ...draftFromDetection(list), useSes: true, verifyMailboxes: true, verifyLimit }).verifyLimit).toMatch(/^Enter a whole number of addresses/);
    }
  });

  it('the confirmed check asks at most the count the user agreed to, never more than the limit', () => {
    const estimate = checkRequestFrom(list, { ...draftFromDetection(list), useSes: true, verifyMailboxes: true, verifyLimit: '1000' });
    expect(confirmedVerification(estimate, 812).settings.ses?.verifyMailboxes).toEqual({ limit: 812, ask: true });
    expect(confirmedVerification(estimate, 5000).settings.ses?.verifyMailboxes).toEqual({ limit: 1000, ask: true });
    // The estimate request itself is left as it was.
    expect(estimate.settings.ses?.verifyMailboxes).toEqual({ limit: 1000, ask: false });
  });

  it('every cost shown carries the price, its source and its date', () => {
    expect(costSentence({ price: { usdPerAddress: 0.01, source: 'Amazon SES pricing page', asOf: '2025-12' } }, 812)).toBe(
      'about $8.12 at $0.01 per address (Amazon SES pricing page, 2025-12)',
    );
  });
});
