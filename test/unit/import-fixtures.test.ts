// The realistic exports in test/fixtures/import/: what each must parse to.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../electron/services/import/inspect';
import { collectRecords } from './import-test-files';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/import/${name}`, import.meta.url));

describe('realistic exports', () => {
  it('Mailchimp audience export', async () => {
    const path = fixture('mailchimp-subscribed.csv');
    const inspected = await inspectFile(path);
    expect(inspected).toMatchObject({ encoding: 'utf-8', delimiter: ',', fileName: 'mailchimp-subscribed.csv' });
    expect(inspected.headers.slice(0, 3)).toEqual(['Email Address', 'First Name', 'Last Name']);
    expect(inspected.headers).toContain('OPTIN_TIME');
    expect(inspected.headers).toHaveLength(22);
    expect(inspected.sample[0]!.slice(0, 3)).toEqual(['amelie.laurent@gmail.com', 'Amélie', 'Laurent']);
    expect(inspected.sample[0]![21]).toBe('"Customers","VIP"');
    expect(inspected.sample[1]![20]).toBe('Met at the Dublin expo, wants the spring catalogue');
    expect(inspected.sample[2]!.slice(1, 3)).toEqual(['Søren', 'Østergaard']);
    const { result } = await collectRecords(path, inspected);
    expect(result).toEqual({ records: 4, raggedRecords: 0, lenient: false, loneCarriageReturns: false });
  });

  it('HubSpot contacts export (BOM, CRLF, every field quoted)', async () => {
    const path = fixture('hubspot-contacts.csv');
    const inspected = await inspectFile(path);
    expect(inspected).toMatchObject({ encoding: 'utf-8-bom', delimiter: ',' });
    expect(inspected.headers[0]).toBe('Record ID'); // no BOM left on the first header
    expect(inspected.headers[3]).toBe('Email');
    expect(inspected.sample.map((row) => row[3])).toEqual(['maria.gonzalez@empresa.es', 'li.wei@163.com', 'ZOE@VANDENBERG.NL']);
    expect(inspected.sample[2]![4]).toBe('=1+1');
    expect(inspected.sample[2]![12]).toBe('Berg, Zoë & Co');
    expect((await collectRecords(path, inspected)).result).toEqual({
      records: 4,
      raggedRecords: 0,
      lenient: false,
      loneCarriageReturns: false,
    });
  });

  it("Shopify customers export ('-prefixed IDs, a note over two lines)", async () => {
    const path = fixture('shopify-customers.csv');
    const inspected = await inspectFile(path);
    expect(inspected).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(inspected.headers.slice(0, 5)).toEqual(['Customer ID', 'First Name', 'Last Name', 'Email', 'Accepts Email Marketing']);
    expect(inspected.sample[0]!.slice(0, 5)).toEqual(["'7124567891234", 'Emma', 'Schulz', 'emma.schulz@web.de', 'yes']);
    expect(inspected.sample[1]![6]).toBe('12 Oak St, Apt 4');
    expect(inspected.sample[1]![17]).toBe('Asked not to be emailed\nCall instead');
    const { records, result } = await collectRecords(path, inspected);
    expect(result).toEqual({ records: 3, raggedRecords: 0, lenient: false, loneCarriageReturns: false });
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('Klaviyo profiles export', async () => {
    const inspected = await inspectFile(fixture('klaviyo-profiles.csv'));
    expect(inspected).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(inspected.headers).toEqual(expect.arrayContaining(['Email', 'Email Marketing Consent', 'Last Open', 'Last Click']));
    expect(inspected.sample.map((row) => row[9])).toEqual(['SUBSCRIBED', 'UNSUBSCRIBED', 'NEVER_SUBSCRIBED']);
  });

  it('Google Sheets download (CRLF, no final newline, a CRLF inside a cell)', async () => {
    const path = fixture('google-sheets.csv');
    const inspected = await inspectFile(path);
    expect(inspected).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(inspected.headers).toEqual(['Name', 'E-mail', 'Opted in?', 'Signup date', 'Notes']);
    expect(inspected.sample).toEqual([
      ['Ana Silva', 'ana.silva@gmail.com', 'TRUE', '3/14/2024', 'Prefers Portuguese, not Spanish'],
      ['Bob Martin', 'bob@martin-consulting.co.uk', 'FALSE', '12/1/2023', 'Called twice:\nonce in Dec, once in Jan'],
      ['Chen, Lu', 'lu.chen@qq.com', 'TRUE', '1/9/2024', ''],
    ]);
    const { records } = await collectRecords(path, inspected);
    expect(records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('European Excel: semicolons and Windows-1252', async () => {
    const inspected = await inspectFile(fixture('excel-fr-semicolon-cp1252.csv'));
    expect(inspected).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(inspected.headers).toEqual(['Nom', 'Prénom', 'Adresse e-mail', 'Société', 'Newsletter', 'Date d’inscription', 'Montant']);
    expect(inspected.sample).toEqual([
      ['Müller', 'Zoë', 'zoe.muller@orange.fr', 'Café “Le Zoë”', 'oui', '14/03/2023', '1 234,50 €'],
      ['Dubois', 'François', 'francois.dubois@free.fr', 'Œuvres & Cie', 'non', '02/11/2022', '-12,00 €'],
      ['Nuñez', 'José', 'jose.nunez@laposte.net', 'Señor Šimek — Export™', 'oui', '28/02/2024', '0,00 €'],
    ]);
  });

  it('Excel "Unicode Text": UTF-16 LE with BOM, tab-separated', async () => {
    const inspected = await inspectFile(fixture('excel-unicode-text.txt'));
    expect(inspected).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' });
    expect(inspected.headers).toEqual(['Email', 'Name', 'City', 'Subscribed']);
    expect(inspected.sample).toEqual([
      ['ingrid.sorensen@telia.se', 'Ingrid Sørensen', 'Göteborg', 'Yes'],
      ['dmitri@yandex.ru', 'Дмитрий Иванов', 'Москва', 'Yes'],
      ['kenji@docomo.ne.jp', '山田 健二', '東京', 'No'],
    ]);
  });
});
