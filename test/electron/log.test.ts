// The main-process log never carries a recipient's address.
import { describe, expect, it } from 'vitest';
import { redactAddresses } from '../../electron/main/log';

describe('redactAddresses', () => {
  it('keeps the domain and drops the local part of every address', () => {
    expect(redactAddresses('IPC: refused row jane.doe+news@example.com and "Bob" <bob@mail.co.uk>')).toBe(
      'IPC: refused row …@example.com and "Bob" <…@mail.co.uk>',
    );
  });

  it('leaves text without addresses alone', () => {
    expect(redactAddresses('Job 1: did not stop within 2000 ms; see /home/u/list.csv')).toBe(
      'Job 1: did not stop within 2000 ms; see /home/u/list.csv',
    );
  });
});
