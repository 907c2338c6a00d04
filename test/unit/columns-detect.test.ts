import { describe, expect, it } from 'vitest';
import { detectColumns, normalizeHeader, resolveColumnByName } from '../../shared/columns/detect';

const names = (headers: string[], indices: number[]) => indices.map((i) => headers[i]);

describe('exports from the usual tools', () => {
  it('Mailchimp (subscribed members export)', () => {
    const headers = [
      'Email Address',
      'First Name',
      'Last Name',
      'Address',
      'Phone Number',
      'Birthday',
      'MEMBER_RATING',
      'OPTIN_TIME',
      'OPTIN_IP',
      'CONFIRM_TIME',
      'CONFIRM_IP',
      'LATITUDE',
      'LONGITUDE',
      'GMTOFF',
      'DSTOFF',
      'TIMEZONE',
      'CC',
      'REGION',
      'LAST_CHANGED',
      'LEID',
      'EUID',
      'NOTES',
      'TAGS',
    ];
    const sample = [
      [
        'ann@example.de',
        'Ann',
        'Smith',
        '',
        '',
        '',
        '2',
        '2023-04-01 10:00:00',
        '192.0.2.1',
        '2023-04-01 10:05:12',
        '192.0.2.1',
        '',
        '',
        '',
        '',
        '',
        'DE',
        '',
        '2024-01-01 08:00:00',
        '1234',
        'a1b2',
        '',
        '',
      ],
      [
        'bob@example.com',
        'Bob',
        'Jones',
        '',
        '',
        '',
        '1',
        '2022-11-20 09:13:02',
        '192.0.2.9',
        '',
        '',
        '',
        '',
        '',
        '',
        '',
        'US',
        'CA',
        '2023-06-01 12:00:00',
        '1235',
        'c3d4',
        '',
        'vip',
      ],
      [
        'cy@example.net',
        'Cy',
        'Lee',
        '',
        '',
        '',
        '5',
        '2021-01-05 17:45:00',
        '',
        '2021-01-05 17:46:40',
        '',
        '',
        '',
        '',
        '',
        '',
        'GB',
        '',
        '2024-02-02 02:02:02',
        '1236',
        'e5f6',
        '',
        '',
      ],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('Email Address');
    expect(detected.email?.confidence).toBeGreaterThan(0.9);
    expect(detected.consent).toBeNull(); // MEMBER_RATING (1–5 stars) is not an opt-in
    expect(detected.optInDate?.name).toBe('OPTIN_TIME');
    expect(detected.doubleOptIn?.name).toBe('CONFIRM_TIME');
    expect(detected.lastActivity).toEqual([]); // LAST_CHANGED is an edit, not an open or click
  });

  it('Mailchimp audience export with a status column', () => {
    const headers = ['Email Address', 'First Name', 'Status', 'OPTIN_TIME'];
    const sample = [
      ['ann@example.de', 'Ann', 'subscribed', '2023-04-01 10:00:00'],
      ['bob@example.com', 'Bob', 'unsubscribed', '2022-11-20 09:13:02'],
      ['cy@example.net', 'Cy', 'cleaned', '2021-01-05 17:45:00'],
      ['di@example.org', 'Di', 'pending', ''],
    ];
    const detected = detectColumns(headers, sample);
    // An ESP member state: its own role, read with every state's meaning.
    expect(detected.status?.name).toBe('Status');
    expect(detected.status?.meaning).toContain('"unsubscribed" means the person opted out (removed)');
    expect(detected.status?.meaning).toContain('"cleaned" means the address bounced or is invalid (removed)');
    expect(detected.consent).toBeNull();
    expect(detected.optInDate?.name).toBe('OPTIN_TIME');
  });

  it('HubSpot contacts export', () => {
    const headers = [
      'Record ID',
      'First Name',
      'Last Name',
      'Email',
      'Phone Number',
      'Contact owner',
      'Lifecycle Stage',
      'Lead Status',
      'Marketing contact status',
      'Create Date',
      'Last Activity Date',
      'Unsubscribed from all email',
      'Last marketing email open date',
      'Last marketing email click date',
      'Recent Sales Email Opened Date',
      'Last Contacted',
    ];
    const sample = [
      [
        '501',
        'Ann',
        'Smith',
        'ann@acme.de',
        '+49 30 1234',
        'Jo Sales',
        'lead',
        'New',
        'Marketing contact',
        '2023-03-01 09:00',
        '2024-05-02 10:00',
        'false',
        '2024-05-01 08:00',
        '2024-04-20 08:00',
        '2024-01-01 10:00',
        '2024-05-02 10:00',
      ],
      [
        '502',
        'Bob',
        'Jones',
        'bob@beta.com',
        '',
        'Jo Sales',
        'customer',
        'Open',
        'Non-marketing contact',
        '2022-07-14 10:30',
        '',
        'true',
        '',
        '',
        '',
        '',
      ],
      [
        '503',
        'Cy',
        'Lee',
        'cy@gamma.io',
        '',
        '',
        'subscriber',
        '',
        'Marketing contact',
        '1690000000000',
        '1700000000000',
        'false',
        '1700000000000',
        '',
        '',
        '',
      ],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('Email');
    // "Unsubscribed from all email" says true for NO consent: never read it as an opt-in.
    expect(detected.consent).toBeNull();
    expect(detected.optInDate).toBeNull(); // the record's creation is not an opt-in
    expect(
      names(
        headers,
        detected.lastActivity.map((g) => g.index),
      ),
    ).toEqual(['Last Activity Date', 'Last marketing email open date', 'Last marketing email click date']);
  });

  it('Shopify customers export', () => {
    const headers = [
      'Customer ID',
      'First Name',
      'Last Name',
      'Email',
      'Accepts Email Marketing',
      'Default Address Company',
      'Default Address City',
      'Default Address Country Code',
      'Phone',
      'Accepts SMS Marketing',
      'Total Spent',
      'Total Orders',
      'Note',
      'Tax Exempt',
      'Tags',
    ];
    const sample = [
      ["'6001", 'Ann', 'Smith', 'ann@shop.de', 'yes', '', 'Berlin', 'DE', '', 'no', '120.50', '3', '', 'no', ''],
      ["'6002", 'Bob', 'Jones', 'bob@mail.com', 'no', 'Beta Ltd', 'Leeds', 'GB', '+44 113 000', 'yes', '0.00', '0', '', 'no', 'wholesale'],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('Email');
    expect(detected.consent?.name).toBe('Accepts Email Marketing'); // not the SMS one, not Tax Exempt
  });

  it('Shopify API-style columns', () => {
    const headers = ['id', 'email', 'accepts_marketing', 'email_marketing_consent', 'created_at'];
    const sample = [
      ['1', 'ann@shop.de', 'true', 'subscribed', '2024-01-01T10:00:00-05:00'],
      ['2', 'bob@mail.com', 'false', 'not_subscribed', '2024-02-01T10:00:00-05:00'],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.index).toBe(1);
    expect(detected.consent?.name).toBe('email_marketing_consent');
    expect(detected.optInDate).toBeNull();
  });

  it('Klaviyo profiles export', () => {
    const headers = [
      'Email',
      'Phone Number',
      'First Name',
      'Last Name',
      'Organization',
      'Country',
      'Email Marketing Consent',
      'Email Marketing Consent Timestamp',
      'SMS Marketing Consent',
      'Last Open',
      'Last Click',
      'Last Active',
      'Profile Created On',
    ];
    const sample = [
      [
        'ann@acme.de',
        '',
        'Ann',
        'Smith',
        'Acme',
        'DE',
        'SUBSCRIBED',
        '2023-05-01T10:00:00+00:00',
        'NEVER_SUBSCRIBED',
        '2024-04-01T10:00:00+00:00',
        '2024-03-01T10:00:00+00:00',
        '2024-04-02T10:00:00+00:00',
        '2023-05-01T10:00:00+00:00',
      ],
      [
        'bob@beta.com',
        '+15550100',
        'Bob',
        'Jones',
        '',
        'US',
        'UNSUBSCRIBED',
        '2024-01-01T10:00:00+00:00',
        'SUBSCRIBED',
        '',
        '',
        '2024-01-01T10:00:00+00:00',
        '2022-05-01T10:00:00+00:00',
      ],
      ['cy@gamma.io', '', 'Cy', 'Lee', '', 'GB', 'NEVER_SUBSCRIBED', '', 'NEVER_SUBSCRIBED', '', '', '', '2024-05-01T10:00:00+00:00'],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('Email');
    expect(detected.consent?.name).toBe('Email Marketing Consent');
    expect(detected.optInDate?.name).toBe('Email Marketing Consent Timestamp');
    expect(
      names(
        headers,
        detected.lastActivity.map((g) => g.index),
      ),
    ).toEqual(['Last Open', 'Last Click', 'Last Active']);
  });

  it('Google Sheets from a Google Form', () => {
    const headers = ['Timestamp', 'Email Address', 'Your name', 'I agree to receive marketing emails'];
    const sample = [
      ['3/14/2024 10:22:31', 'ann@gmail.com', 'Ann', 'Yes'],
      ['3/15/2024 18:01:09', 'bob@yahoo.com', 'Bob', 'Yes'],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('Email Address');
    expect(detected.consent?.name).toBe('I agree to receive marketing emails');
    expect(detected.optInDate?.name).toBe('Timestamp');
    expect(detected.optInDate!.confidence).toBeLessThan(detected.consent!.confidence);
  });

  it('a German Excel list', () => {
    const headers = ['Vorname', 'Nachname', 'E-Mail-Adresse', 'Newsletter', 'Anmeldedatum', 'Letzte Öffnung'];
    const sample = [
      ['Jörg', 'Müller', 'joerg@beispiel.de', 'Ja', '05.03.2022', '01.04.2024'],
      ['Anna', 'Schmidt', 'anna@firma.de', 'Nein', '17.11.2021', ''],
      ['Li', 'Wang', 'li@mail.de', 'ja', '30.01.2023', '15.02.2024'],
    ];
    const detected = detectColumns(headers, sample);
    expect(detected.email?.name).toBe('E-Mail-Adresse');
    expect(detected.consent?.name).toBe('Newsletter');
    expect(detected.optInDate?.name).toBe('Anmeldedatum');
    expect(detected.lastActivity.map((g) => g.name)).toEqual(['Letzte Öffnung']);
  });

  it.each([
    [['Nombre', 'Correo electrónico', 'Suscrito'], ['Ana', 'ana@correo.es', 'Sí'], 'Correo electrónico', 'Suscrito'],
    [['Nom', 'Courriel', 'Consentement'], ['Luc', 'luc@exemple.fr', 'oui'], 'Courriel', 'Consentement'],
    [['EMAIL', 'OPT_IN'], ['ANN@EXAMPLE.DE', '1'], 'EMAIL', 'OPT_IN'],
    [['email_address', 'optin'], ['ann@example.de', 'TRUE'], 'email_address', 'optin'],
  ])('other spellings and languages: %j', (headers, row, email, consent) => {
    const detected = detectColumns(headers, [row, row]);
    expect(detected.email?.name).toBe(email);
    expect(detected.consent?.name).toBe(consent);
  });
});

describe('the email column', () => {
  it('prefers the primary address over secondary or manager ones', () => {
    const headers = ['Manager Email', 'Email', 'Secondary email', 'Email 2'];
    const row = (i: number) => [`boss${i}@acme.de`, `person${i}@acme.de`, `p${i}@gmail.com`, `x${i}@yahoo.com`];
    const detected = detectColumns(headers, [row(1), row(2), row(3)]);
    expect(detected.email?.name).toBe('Email');
  });

  it('goes by the contents when the header is absent or says nothing', () => {
    const detected = detectColumns(
      ['Name', 'Contact', 'Notes'],
      [
        ['Ann', 'ann@acme.de', 'met at fair, wrote to bob@x.com'],
        ['Bob', 'Bob Jones <bob@beta.com>', ''],
        ['Cy', 'cy@gamma.io', 'call back'],
      ],
    );
    expect(detected.email?.index).toBe(1);
    expect(detected.email?.why).toMatch(/100% of 3 sampled cells are addresses/);
    expect(
      detectColumns(
        ['', '', ''],
        [
          ['1', 'x', 'ann@acme.de'],
          ['2', 'y', 'bob@beta.com'],
        ],
      ).email?.index,
    ).toBe(2);
  });

  it('lets the contents win over a misleading header', () => {
    const detected = detectColumns(
      ['Email', 'Contact'],
      [
        ['yes', 'ann@acme.de'],
        ['no', 'bob@beta.com'],
      ],
    );
    expect(detected.email?.name).toBe('Contact');
  });

  it('takes an "Email" header on trust, with low confidence, when no cell can be sampled', () => {
    const detected = detectColumns(['Name', 'Email'], []);
    expect(detected.email?.name).toBe('Email');
    expect(detected.email?.confidence).toBeLessThanOrEqual(0.5);
  });

  it('finds nothing when no column holds addresses', () => {
    const detected = detectColumns(['Name', 'City'], [['Ann', 'Berlin']]);
    expect(detected).toEqual({
      email: null,
      consent: null,
      optInDate: null,
      lastActivity: [],
      doubleOptIn: null,
      optOut: [],
      status: null,
      verifier: null,
      unreadable: [],
    });
  });

  it('explains each guess', () => {
    const detected = detectColumns(
      ['E-mail', 'Opt-in'],
      [
        ['ann@acme.de', 'yes'],
        ['bob@beta.com', 'no'],
      ],
    );
    expect(detected.email?.why).toBe('Header "E-mail"; 100% of 2 sampled cells are addresses');
    expect(detected.consent?.why).toBe('Header "Opt-in"; 100% of 2 sampled cells read as yes/no');
  });
});

describe('the consent, date and double opt-in columns', () => {
  it('needs the contents to agree with the header', () => {
    const detected = detectColumns(
      ['Email', 'Subscription', 'Consent notes'],
      [
        ['ann@acme.de', 'Gold plan', 'asked at the fair'],
        ['bob@beta.com', 'Silver plan', 'web form'],
      ],
    );
    expect(detected.consent).toBeNull();
  });

  it('never takes a yes/no column for consent without a consent header', () => {
    expect(
      detectColumns(
        ['Email', 'VIP'],
        [
          ['ann@acme.de', 'yes'],
          ['bob@beta.com', 'no'],
        ],
      ).consent,
    ).toBeNull();
  });

  it('never takes an opt-out or SMS column for the email opt-in', () => {
    const headers = ['Email', 'Opted out', 'Do not email', 'SMS opt-in', 'Email opt-in'];
    const detected = detectColumns(headers, [
      ['ann@acme.de', 'no', 'no', 'yes', 'yes'],
      ['bob@beta.com', 'yes', 'no', 'no', 'no'],
    ]);
    expect(detected.consent?.name).toBe('Email opt-in');
  });

  it('only date-valued columns become opt-in or activity dates', () => {
    const detected = detectColumns(
      ['Email', 'Opt-in date', 'Last open'],
      [
        ['ann@acme.de', 'web form', 'never'],
        ['bob@beta.com', 'import', 'unknown'],
      ],
    );
    expect(detected.optInDate).toBeNull();
    expect(detected.lastActivity).toEqual([]);
  });

  it('finds a double opt-in flag', () => {
    const detected = detectColumns(
      ['Email', 'Double opt-in'],
      [
        ['ann@acme.de', 'yes'],
        ['bob@beta.com', 'no'],
      ],
    );
    expect(detected.doubleOptIn?.name).toBe('Double opt-in');
  });
});

describe('resolveColumnByName (CLI overrides)', () => {
  const headers = ['Email Address', 'First Name', 'Email Marketing Consent', 'SMS Marketing Consent', 'E-Mail'];

  it('matches exactly, ignoring case, spaces, dashes and underscores', () => {
    expect(resolveColumnByName(headers, 'email address')).toBe(0);
    expect(resolveColumnByName(headers, 'EMAIL_ADDRESS')).toBe(0);
    expect(resolveColumnByName(headers, 'e-mail')).toBe(4);
    expect(resolveColumnByName(headers, 'email')).toBe(4);
    expect(resolveColumnByName(headers, ' First  Name ')).toBe(1);
  });

  it('then takes the one header that contains the name', () => {
    expect(resolveColumnByName(headers, 'first')).toBe(1);
    expect(resolveColumnByName(headers, 'email marketing')).toBe(2);
  });

  it('gives null when nothing or more than one header contains it', () => {
    expect(resolveColumnByName(headers, 'consent')).toBeNull();
    expect(resolveColumnByName(headers, 'phone')).toBeNull();
    expect(resolveColumnByName(headers, '')).toBeNull();
  });

  it('normalizes headers the same way for every spelling', () => {
    expect(normalizeHeader('\uFEFFE-Mail-Adresse')).toBe('e mail adresse');
    expect(normalizeHeader('Correo electrónico')).toBe('correo electronico');
    expect(normalizeHeader('lastOpenDate')).toBe('last open date');
  });
});
