// The fake SES endpoint against the pinned @aws-sdk/client-sesv2: every route the
// product uses goes through the real SDK (serialisation, signing, error parsing),
// so a fake that drifted from the protocol fails here, not in a user's hands.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BadRequestException,
  GetAccountCommand,
  GetConfigurationSetCommand,
  GetEmailAddressInsightsCommand,
  GetEmailIdentityCommand,
  GetSuppressedDestinationCommand,
  ListEmailIdentitiesCommand,
  ListSuppressedDestinationsCommand,
  NotFoundException,
  SESv2Client,
  SESv2ServiceException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  generateSuppressed,
  isolatedAwsEnv,
  MISSING_MAILBOX,
  productionAccount,
  sandboxAccount,
  startSesServer,
  type FakeFault,
  type RunningSesServer,
} from '../support/ses-server';

let dir: string;
let server: RunningSesServer;
let client: SESv2Client;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'preflight-ses-contract-'));
  for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  server = await startSesServer({
    account: productionAccount(),
    identities: [
      { name: 'news@example.com', type: 'EMAIL_ADDRESS' },
      {
        name: 'example.org',
        type: 'DOMAIN',
        dkim: { signingEnabled: true, status: 'SUCCESS', tokens: ['abc', 'def', 'ghi'] },
        mailFrom: { domain: 'mail.example.org', status: 'SUCCESS' },
      },
      { name: 'pending.example', type: 'DOMAIN', verificationStatus: 'PENDING' },
    ],
    suppressed: [
      { email: 'gone@example.net', reason: 'BOUNCE', lastUpdate: '2024-03-01T10:00:00Z' },
      { email: 'angry@example.net', reason: 'COMPLAINT', lastUpdate: '2024-03-05T12:30:15Z' },
      { email: 'later@example.net', reason: 'BOUNCE', lastUpdate: '2024-04-01T00:00:00Z' },
    ],
    rateLimit: null,
  });
  client = new SESv2Client({ region: 'eu-west-1', endpoint: server.endpoint, maxAttempts: 1 });
});

afterEach(async () => {
  client.destroy();
  await server.stop();
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('fake SESv2 endpoint through the pinned SDK', () => {
  it('GetAccount: GET /v2/email/account, quotas and production state, signed for the region', async () => {
    const account = await client.send(new GetAccountCommand({}));
    expect(account.ProductionAccessEnabled).toBe(true);
    expect(account.SendQuota).toEqual({ Max24HourSend: 50_000, MaxSendRate: 14, SentLast24Hours: 1_234 });
    expect(account.EnforcementStatus).toBe('HEALTHY');
    expect(account.Details?.ReviewDetails).toEqual({ Status: 'GRANTED', CaseId: '1234567890' });
    expect(account.SuppressionAttributes?.SuppressedReasons).toEqual(['BOUNCE', 'COMPLAINT']);
    expect(server.requests).toMatchObject([
      { method: 'GET', path: '/v2/email/account', operation: 'GetAccount', auth: true, region: 'eu-west-1', status: 200 },
    ]);
  });

  it('GetAccount: a sandbox account and an unlimited quota come through as sent', async () => {
    server.setState({ account: sandboxAccount({ sentLast24Hours: 12 }) });
    const sandbox = await client.send(new GetAccountCommand({}));
    expect(sandbox.ProductionAccessEnabled).toBe(false);
    expect(sandbox.SendQuota).toEqual({ Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 12 });
    server.setState({ account: productionAccount({ max24HourSend: -1 }) });
    expect((await client.send(new GetAccountCommand({}))).SendQuota?.Max24HourSend).toBe(-1);
  });

  it('ListSuppressedDestinations: Reason (repeated), StartDate, EndDate, PageSize and NextToken on the query; epoch-second times', async () => {
    const first = await client.send(
      new ListSuppressedDestinationsCommand({
        Reasons: ['BOUNCE', 'COMPLAINT'],
        StartDate: new Date('2024-03-01T00:00:00Z'),
        EndDate: new Date('2024-03-31T00:00:00Z'),
        PageSize: 1,
      }),
    );
    expect(first.SuppressedDestinationSummaries).toEqual([
      { EmailAddress: 'gone@example.net', Reason: 'BOUNCE', LastUpdateTime: new Date('2024-03-01T10:00:00Z') },
    ]);
    expect(first.NextToken).toBeTruthy();
    const second = await client.send(
      new ListSuppressedDestinationsCommand({
        Reasons: ['BOUNCE', 'COMPLAINT'],
        StartDate: new Date('2024-03-01T00:00:00Z'),
        EndDate: new Date('2024-03-31T00:00:00Z'),
        PageSize: 1,
        NextToken: first.NextToken,
      }),
    );
    // The date survives the epoch-seconds round trip to the second.
    expect(second.SuppressedDestinationSummaries).toEqual([
      { EmailAddress: 'angry@example.net', Reason: 'COMPLAINT', LastUpdateTime: new Date('2024-03-05T12:30:15Z') },
    ]);
    expect(second.NextToken).toBeUndefined();

    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/v2/email/suppression/addresses' });
    expect(request!.query.Reason).toEqual(['BOUNCE', 'COMPLAINT']);
    expect(Date.parse(request!.query.StartDate![0]!)).toBe(Date.parse('2024-03-01T00:00:00Z'));
    expect(Date.parse(request!.query.EndDate![0]!)).toBe(Date.parse('2024-03-31T00:00:00Z'));
    expect(request!.query.PageSize).toEqual(['1']);
    expect(server.requests[1]!.query.NextToken).toEqual([first.NextToken]);

    const complaintsOnly = await client.send(new ListSuppressedDestinationsCommand({ Reasons: ['COMPLAINT'] }));
    expect(complaintsOnly.SuppressedDestinationSummaries?.map((entry) => entry.EmailAddress)).toEqual(['angry@example.net']);
  });

  it('ListSuppressedDestinations: a NextToken from another listing is a BadRequestException', async () => {
    const first = await client.send(new ListSuppressedDestinationsCommand({ PageSize: 1 }));
    const error = await client
      .send(new ListSuppressedDestinationsCommand({ Reasons: ['COMPLAINT'], NextToken: first.NextToken }))
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'BadRequestException', $metadata: { httpStatusCode: 400 } });
  });

  it('GetSuppressedDestination: found (any case), and NotFoundException (404) when absent', async () => {
    const found = await client.send(new GetSuppressedDestinationCommand({ EmailAddress: 'Angry@Example.net' }));
    expect(found.SuppressedDestination).toMatchObject({
      EmailAddress: 'angry@example.net',
      Reason: 'COMPLAINT',
      LastUpdateTime: new Date('2024-03-05T12:30:15Z'),
    });
    const error = await client
      .send(new GetSuppressedDestinationCommand({ EmailAddress: 'nobody@example.net' }))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toMatchObject({ $fault: 'client', $metadata: { httpStatusCode: 404 } });
    expect(server.requests.at(-1)!.path).toBe('/v2/email/suppression/addresses/nobody@example.net');
  });

  it('ListEmailIdentities: the pinned SDK uses POST /v2/email/list-identities with a JSON body, paged', async () => {
    const first = await client.send(new ListEmailIdentitiesCommand({ PageSize: 2 }));
    expect(first.EmailIdentities).toEqual([
      { IdentityType: 'EMAIL_ADDRESS', IdentityName: 'news@example.com', SendingEnabled: true, VerificationStatus: 'SUCCESS' },
      { IdentityType: 'DOMAIN', IdentityName: 'example.org', SendingEnabled: true, VerificationStatus: 'SUCCESS' },
    ]);
    const second = await client.send(new ListEmailIdentitiesCommand({ PageSize: 2, NextToken: first.NextToken }));
    expect(second.EmailIdentities?.map((identity) => [identity.IdentityName, identity.VerificationStatus])).toEqual([
      ['pending.example', 'PENDING'],
    ]);
    expect(second.NextToken).toBeUndefined();
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v2/email/list-identities',
      'POST /v2/email/list-identities',
    ]);
    expect(server.requests[1]!.body).toEqual({ PageSize: 2, NextToken: first.NextToken });
  });

  it('ListEmailIdentities: the older GET /v2/email/identities route pages the same way', async () => {
    // Older SDKs send this route; sign-alike headers are enough for the fake.
    const headers = {
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIAFAKE/20240101/eu-west-1/ses/aws4_request, SignedHeaders=host, Signature=00',
    };
    const first = (await (await fetch(`${server.endpoint}/v2/email/identities?PageSize=2`, { headers })).json()) as {
      EmailIdentities: { IdentityName: string }[];
      NextToken?: string;
    };
    expect(first.EmailIdentities.map((identity) => identity.IdentityName)).toEqual(['news@example.com', 'example.org']);
    const second = (await (
      await fetch(`${server.endpoint}/v2/email/identities?PageSize=2&NextToken=${first.NextToken}`, { headers })
    ).json()) as {
      EmailIdentities: { IdentityName: string }[];
      NextToken?: string;
    };
    expect(second.EmailIdentities.map((identity) => identity.IdentityName)).toEqual(['pending.example']);
    expect(second.NextToken).toBeUndefined();
    expect(server.requests.map((request) => `${request.method} ${request.path} ${request.operation}`)).toEqual([
      'GET /v2/email/identities ListEmailIdentities',
      'GET /v2/email/identities ListEmailIdentities',
    ]);
  });

  it('GetEmailIdentity: GET /v2/email/identities/{EmailIdentity}, DKIM and MAIL FROM attributes; NotFoundException when unknown', async () => {
    const domain = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'example.org' }));
    expect(domain).toMatchObject({
      IdentityType: 'DOMAIN',
      VerifiedForSendingStatus: true,
      DkimAttributes: { SigningEnabled: true, Status: 'SUCCESS', Tokens: ['abc', 'def', 'ghi'] },
      MailFromAttributes: { MailFromDomain: 'mail.example.org', MailFromDomainStatus: 'SUCCESS', BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' },
    });
    const address = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'news@example.com' }));
    expect(address.IdentityType).toBe('EMAIL_ADDRESS');
    expect(server.requests.at(-1)!.path).toBe('/v2/email/identities/news@example.com');
    await expect(client.send(new GetEmailIdentityCommand({ EmailIdentity: 'nope.example' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it.each<[FakeFault, string, number, 'client' | 'server']>([
    ['InternalFailure', 'InternalFailure', 500, 'server'],
    ['ServiceUnavailable', 'ServiceUnavailable', 503, 'server'],
    ['AccessDenied', 'AccessDeniedException', 403, 'client'],
    ['ExpiredToken', 'ExpiredTokenException', 403, 'client'],
    ['UnrecognizedClient', 'UnrecognizedClientException', 403, 'client'],
    ['Throttling', 'TooManyRequestsException', 429, 'client'],
  ])('typed error %s reaches the SDK as %s (HTTP %i)', async (fault, name, status, side) => {
    server.injectFaults(fault, 1);
    const error = await client.send(new GetAccountCommand({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SESv2ServiceException);
    expect(error).toMatchObject({ name, $fault: side, $metadata: { httpStatusCode: status } });
    expect((error as Error).message.length).toBeGreaterThan(10);
    // Only the next request was faulty.
    await expect(client.send(new GetAccountCommand({}))).resolves.toMatchObject({ ProductionAccessEnabled: true });
  });

  it('AccessDenied names the ses: action, as AWS does', async () => {
    server.injectFaults('AccessDenied', 1, { operation: 'ListSuppressedDestinations' });
    await client.send(new GetAccountCommand({}));
    const error = (await client.send(new ListSuppressedDestinationsCommand({})).catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('not authorized to perform: ses:ListSuppressedDestinations');
  });

  it('answers HTTP 429 TooManyRequestsException above one request per second (default), and again after a second', async () => {
    server.setState({ rateLimit: undefined });
    await client.send(new GetAccountCommand({}));
    const error = await client.send(new GetAccountCommand({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TooManyRequestsException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 429 } });
    await new Promise((resolveWait) => setTimeout(resolveWait, 1_050));
    await expect(client.send(new GetAccountCommand({}))).resolves.toBeDefined();
    expect(server.requests.map((request) => request.status)).toEqual([200, 429, 200]);
  });

  it('the rate limit is per region, as in SES', async () => {
    server.setState({ rateLimit: { perSecond: 1 } });
    const other = new SESv2Client({ region: 'us-east-1', endpoint: server.endpoint, maxAttempts: 1 });
    await client.send(new GetAccountCommand({}));
    await expect(other.send(new GetAccountCommand({}))).resolves.toBeDefined();
    other.destroy();
  });

  it('AWS_ENDPOINT_URL_SESV2 redirects a client built without an endpoint', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_SESV2', server.endpoint);
    const fromEnvironment = new SESv2Client({ region: 'ap-south-1' });
    await expect(fromEnvironment.send(new GetAccountCommand({}))).resolves.toMatchObject({ ProductionAccessEnabled: true });
    expect(server.requests.at(-1)).toMatchObject({ region: 'ap-south-1', auth: true, sessionToken: false });
    fromEnvironment.destroy();
  });

  it('per-region state: a region can be in the sandbox while another is in production', async () => {
    server.setState({ regions: { 'us-west-2': { account: sandboxAccount() } } });
    const oregon = new SESv2Client({ region: 'us-west-2', endpoint: server.endpoint, maxAttempts: 1 });
    expect((await oregon.send(new GetAccountCommand({}))).ProductionAccessEnabled).toBe(false);
    expect((await client.send(new GetAccountCommand({}))).ProductionAccessEnabled).toBe(true);
    oregon.destroy();
  });

  it('a sandbox account may be refused the suppression list when the state says so', async () => {
    server.setState({ account: sandboxAccount(), suppressionInSandbox: 'refused', suppressed: generateSuppressed(3) });
    await expect(client.send(new ListSuppressedDestinationsCommand({}))).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('an unsigned request is refused', async () => {
    const response = await fetch(`${server.endpoint}/v2/email/account`);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(server.requests[0]).toMatchObject({ auth: false, region: null });
  });
  it('GetEmailAddressInsights: POST /v2/email/email-address-insights with {"EmailAddress"}; per-address verdicts and evaluations', async () => {
    server.setState({
      mailboxInsights: { 'gone@example.net': MISSING_MAILBOX, 'info@example.net': { isValid: 'MEDIUM', isRoleAddress: 'HIGH' } },
    });
    const valid = await client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'someone@example.net' }));
    expect(valid.MailboxValidation).toEqual({
      IsValid: { ConfidenceVerdict: 'HIGH' },
      Evaluations: {
        HasValidSyntax: { ConfidenceVerdict: 'HIGH' },
        HasValidDnsRecords: { ConfidenceVerdict: 'HIGH' },
        MailboxExists: { ConfidenceVerdict: 'HIGH' },
        IsRoleAddress: { ConfidenceVerdict: 'LOW' },
        IsDisposable: { ConfidenceVerdict: 'LOW' },
        IsRandomInput: { ConfidenceVerdict: 'LOW' },
      },
    });
    const gone = await client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'Gone@Example.net' }));
    expect(gone.MailboxValidation?.IsValid?.ConfidenceVerdict).toBe('LOW');
    expect(gone.MailboxValidation?.Evaluations?.MailboxExists?.ConfidenceVerdict).toBe('LOW');
    const role = await client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'info@example.net' }));
    expect(role.MailboxValidation).toEqual({
      IsValid: { ConfidenceVerdict: 'MEDIUM' },
      Evaluations: { IsRoleAddress: { ConfidenceVerdict: 'HIGH' } },
    });
    expect(server.requests[0]).toMatchObject({
      method: 'POST',
      path: '/v2/email/email-address-insights',
      operation: 'GetEmailAddressInsights',
      body: { EmailAddress: 'someone@example.net' },
    });
  });

  it('GetEmailAddressInsights: an address SES will not judge is a BadRequestException; a malformed answer passes the SDK untouched', async () => {
    server.setState({ mailboxInsights: { 'odd@example.net': 'refused', 'weird@example.net': 'malformed' } });
    await expect(client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'odd@example.net' }))).rejects.toBeInstanceOf(
      BadRequestException,
    );
    // The SDK does not check enum values: an answer of the wrong shape reaches Preflight, which must refuse it.
    const weird = await client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'weird@example.net' }));
    expect(weird.MailboxValidation?.IsValid?.ConfidenceVerdict).toBe('PROBABLY');
  });

  it('GetAccount and GetConfigurationSet carry Auto Validation as SES does (ConditionThreshold)', async () => {
    server.setState({
      account: productionAccount({ autoValidation: { enabled: true, threshold: 'MEDIUM' } }),
      configurationSets: { newsletter: { autoValidation: { enabled: true, threshold: 'HIGH' } }, plain: {} },
    });
    const account = await client.send(new GetAccountCommand({}));
    expect(account.SuppressionAttributes?.ValidationAttributes).toEqual({
      ConditionThreshold: { ConditionThresholdEnabled: 'ENABLED', OverallConfidenceThreshold: { ConfidenceVerdictThreshold: 'MEDIUM' } },
    });
    const set = await client.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'newsletter' }));
    expect(set.SuppressionOptions?.ValidationOptions?.ConditionThreshold?.OverallConfidenceThreshold?.ConfidenceVerdictThreshold).toBe(
      'HIGH',
    );
    expect(
      (await client.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'plain' }))).SuppressionOptions?.ValidationOptions,
    ).toBeUndefined();
    await expect(client.send(new GetConfigurationSetCommand({ ConfigurationSetName: 'missing' }))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    expect(server.requests.at(-1)).toMatchObject({
      method: 'GET',
      path: '/v2/email/configuration-sets/missing',
      operation: 'GetConfigurationSet',
    });
  });

  it('GetEmailAddressInsights is throttled like every other call: 429 TooManyRequestsException above the rate', async () => {
    server.setState({ rateLimit: { perSecond: 1, burst: 1 } });
    await client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'a@example.net' }));
    await expect(client.send(new GetEmailAddressInsightsCommand({ EmailAddress: 'b@example.net' }))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
    expect(server.requests.map((r) => r.status)).toEqual([200, 429]);
  });
});
