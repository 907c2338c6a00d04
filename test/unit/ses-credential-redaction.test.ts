// The one redaction every message passes before it leaves Preflight (issue 13,
// item 9): values the credential chain resolved, however quoted, and anything
// shaped like an AWS credential; nothing else.
import { afterEach, describe, expect, it } from 'vitest';
import {
  forgetCredentials,
  REDACTED,
  redactCredentials,
  redactDeep,
  rememberCredentials,
} from '../../electron/services/ses/credential-redaction';

afterEach(() => forgetCredentials());

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const TOKEN = `IQoJb3JpZ2luX2VjEHwaCWV1LXdlc3QtMSJHMEUCIQDx${'Kq1Zm9vYmFy'.repeat(30)}`;

describe('a message quoting credentials Preflight never resolved', () => {
  it('loses access key IDs, 40-character secrets and session tokens by their shape', () => {
    const text = `Credential=AKIAIOSFODNN7EXAMPLE/20261207/eu-west-1/ses/aws4_request key ASIAZZZZZZZZZZZZZZZZ secret "${SECRET}" token=${TOKEN}.`;
    const redacted = redactCredentials(text);
    for (const value of ['AKIAIOSFODNN7EXAMPLE', 'ASIAZZZZZZZZZZZZZZZZ', SECRET, TOKEN, TOKEN.slice(0, 40)])
      expect(redacted).not.toContain(value);
    expect(redacted).toBe(
      `Credential=${REDACTED}/20261207/eu-west-1/ses/aws4_request key ${REDACTED} secret "${REDACTED}" token=${REDACTED}.`,
    );
  });

  it('keeps what only looks long: sentences, paths, ARNs, hex digests, request IDs', () => {
    const text = [
      'Cannot create the folder "/home/alice/Documents/newsletter-2026/out": part of that path is a file, not a folder.',
      'User: arn:aws:iam::123456789012:user/preflight-test is not authorized to perform: ses:GetAccount',
      'sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709, sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'request 4b4a6c52-3f0e-4e57-9e23-6a2d1f8c9b10, 1,234 recipients per rolling 24 hours',
      'AKIA in a sentence, AKIAshort, and a 41-character run AAAAAAAAAAbbbbbbbbbb1111111111CCCCCCCCCC2',
    ].join('\n');
    expect(redactCredentials(text)).toBe(text);
  });
});

describe('a message quoting credentials the SDK resolved', () => {
  const keys = {
    accessKeyId: 'my-key-id-0001',
    secretAccessKey: 'my-secret-0001',
    sessionToken: 'my-session-token-that-is-not-shaped-0001',
  };

  it('loses them whatever their shape: as they are, URL-encoded, JSON-escaped, or cut short', () => {
    rememberCredentials({ ...keys, sessionToken: `${keys.sessionToken}/+"x` });
    const token = `${keys.sessionToken}/+"x`;
    const text = `id ${keys.accessKeyId} secret ${keys.secretAccessKey} token ${token} encoded ${encodeURIComponent(token)} json ${JSON.stringify({ token })} cut ${token.slice(3, 25)}`;
    const redacted = redactCredentials(text);
    for (const value of [
      keys.accessKeyId,
      keys.secretAccessKey,
      token,
      encodeURIComponent(token),
      token.slice(3, 25),
      'session-token-that',
    ])
      expect(redacted).not.toContain(value);
  });

  it('walks report-like objects and keeps everything that is not a credential', () => {
    rememberCredentials(keys);
    const report = {
      rows: 3,
      warnings: [`SES refused: token ${keys.sessionToken}`],
      account: { region: 'eu-west-1', enforcementStatus: keys.accessKeyId },
      none: null,
    };
    expect(redactDeep(report)).toEqual({
      rows: 3,
      warnings: [`SES refused: token ${REDACTED}`],
      account: { region: 'eu-west-1', enforcementStatus: REDACTED },
      none: null,
    });
  });
});
