import { describe, expect, it } from 'vitest';
import { readSuppressionFile } from '../../electron/services/suppression/file';
import { encodeText, useTempDir, writeTemp } from './import-test-files';
import { userErrorFrom } from '../support/user-error';

const next = useTempDir('preflight-suppression-');

async function entriesOf(content: string | Uint8Array, name = 'suppressed.csv') {
  const path = writeTemp(next, content, name);
  const list = await readSuppressionFile(path);
  expect(list.source).toBe(path);
  return Object.fromEntries(list.entries);
}

describe('readSuppressionFile', () => {
  it('reads SES bulk-import CSV without a header, keying addresses trimmed and lower-cased', async () => {
    expect(await entriesOf('Bounced@Example.org,BOUNCE\r\n  angry@example.net ,complaint\r\n')).toEqual({
      'bounced@example.org': { reason: 'BOUNCE', lastUpdate: null },
      'angry@example.net': { reason: 'COMPLAINT', lastUpdate: null },
    });
  });

  it('reads CSV with a header, columns in any order, with a last-update time', async () => {
    const csv = 'Reason,LastUpdateTime,EmailAddress\nCOMPLAINT,2024-03-01T10:00:00Z,a@example.org\nBounce,,b@example.org\n';
    expect(await entriesOf(csv)).toEqual({
      'a@example.org': { reason: 'COMPLAINT', lastUpdate: '2024-03-01T10:00:00.000Z' },
      'b@example.org': { reason: 'BOUNCE', lastUpdate: null },
    });
  });

  it('counts a missing reason as BOUNCE (a one-column list of addresses)', async () => {
    expect(await entriesOf('email\na@example.org\n\nb@example.org\n')).toEqual({
      'a@example.org': { reason: 'BOUNCE', lastUpdate: null },
      'b@example.org': { reason: 'BOUNCE', lastUpdate: null },
    });
  });

  it('reads semicolon CSV in Windows-1252 and UTF-16', async () => {
    const csv = 'email;reason\r\nrené@exämple.fr;COMPLAINT\r\n';
    for (const encoding of ['windows-1252', 'utf-16le', 'utf-8-bom'] as const) {
      expect(await entriesOf(encodeText(csv, encoding))).toEqual({ 'rené@exämple.fr': { reason: 'COMPLAINT', lastUpdate: null } });
    }
  });

  it('reads JSON lines as SES bulk import writes them', async () => {
    const lines = '{"emailAddress":"A@Example.org","reason":"BOUNCE"}\n\n{"emailAddress":"b@example.org","reason":"COMPLAINT"}\n';
    expect(await entriesOf(lines, 'suppressed.jsonl')).toEqual({
      'a@example.org': { reason: 'BOUNCE', lastUpdate: null },
      'b@example.org': { reason: 'COMPLAINT', lastUpdate: null },
    });
  });

  it('reads a JSON array', async () => {
    const json = JSON.stringify([{ emailAddress: 'a@example.org', reason: 'complaint' }, { emailAddress: 'b@example.org' }], null, 2);
    expect(await entriesOf(json, 'list.json')).toEqual({
      'a@example.org': { reason: 'COMPLAINT', lastUpdate: null },
      'b@example.org': { reason: 'BOUNCE', lastUpdate: null },
    });
  });

  it("reads SES's ListSuppressedDestinations output, epoch seconds or ISO times", async () => {
    const response = {
      SuppressedDestinationSummaries: [
        { EmailAddress: 'a@example.org', Reason: 'BOUNCE', LastUpdateTime: 1700000000 },
        { EmailAddress: 'b@example.org', Reason: 'COMPLAINT', LastUpdateTime: '2024-01-02T03:04:05.123000+00:00' },
      ],
      NextToken: 'abc',
    };
    expect(await entriesOf(JSON.stringify(response, null, 4), 'aws.json')).toEqual({
      'a@example.org': { reason: 'BOUNCE', lastUpdate: '2023-11-14T22:13:20.000Z' },
      'b@example.org': { reason: 'COMPLAINT', lastUpdate: '2024-01-02T03:04:05.123Z' },
    });
  });

  it('keeps COMPLAINT when an address is listed twice', async () => {
    expect(await entriesOf('a@example.org,COMPLAINT\nA@example.org,BOUNCE\nb@example.org,BOUNCE\nb@example.org,COMPLAINT\n')).toEqual({
      'a@example.org': { reason: 'COMPLAINT', lastUpdate: null },
      'b@example.org': { reason: 'COMPLAINT', lastUpdate: null },
    });
  });

  it('reads an empty file as an empty list', async () => {
    expect(await entriesOf('')).toEqual({});
  });

  describe('bad files: suppression_unreadable with the line', () => {
    it.each([
      [
        'an unknown reason',
        'a@example.org,BOUNCE\nb@example.org,SPAM\n',
        /^Line 2 of the suppression list "bad\.csv": the reason "SPAM" is neither BOUNCE nor COMPLAINT\.$/,
      ],
      [
        'a cell that is not an address',
        'a@example.org,BOUNCE\n\nnot-an-address,BOUNCE\n',
        /^Line 3 .*"not-an-address" is not an email address/,
      ],
      ['a header without an email column', 'name,reason\nAnn,BOUNCE\n', /^Line 1 .*no column named "email"/],
      ['a broken JSON line', '{"emailAddress":"a@example.org"}\n{"emailAddress": "b@\n', /^Line 2 .*not valid JSON/],
      ['a JSON line without an address', '{"emailAddress":"a@example.org"}\n{"reason":"BOUNCE"}\n', /^Line 2 .*no "emailAddress"/],
      ['broken JSON', '[{"emailAddress": "a@example.org"},', /is not valid JSON/],
      ['a JSON array entry without an address', '[{"emailAddress":"a@example.org"}, {"email": 5}]', /^Entry 2 /],
      ['an unclosed quote', 'a@example.org,BOUNCE\n"b@example.org,BOUNCE\n', /^Suppression list: line 2: .*never closes/],
    ])('%s', async (_name, content, message) => {
      const error = await userErrorFrom(readSuppressionFile(writeTemp(next, content, 'bad.csv')));
      expect(error.code).toBe('suppression_unreadable');
      expect(error.message).toMatch(message);
    });

    it('a missing file', async () => {
      const error = await userErrorFrom(readSuppressionFile('/nonexistent/suppressed.csv'));
      expect(error.code).toBe('suppression_unreadable');
      expect(error.message).toBe('Suppression list: the file "/nonexistent/suppressed.csv" does not exist.');
    });

    it('an Excel workbook', async () => {
      const error = await userErrorFrom(
        readSuppressionFile(writeTemp(next, Buffer.from('PK\u0003\u0004\u0014\u0000xl/workbook.xml', 'latin1'), 'sup.xlsx')),
      );
      expect(error.code).toBe('suppression_unreadable');
      expect(error.message).toMatch(/^Suppression list: "sup\.xlsx" is an Excel workbook/);
    });
  });
});
