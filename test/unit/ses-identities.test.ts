// Verified identities and the sandbox gate: who SES would deliver to from the sandbox.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSesClient } from '../../electron/services/ses/client';
import { createSandboxGate, listIdentities, type IdentitySummary } from '../../electron/services/ses/identities';
import { isolatedAwsEnv, sandboxAccount, startSesServer, type FakeIdentity, type RunningSesServer } from '../support/ses-server';

const identity = (name: string, type: IdentitySummary['type'], verified = true): IdentitySummary => ({
  name,
  type,
  verified,
  verificationStatus: verified ? 'SUCCESS' : 'PENDING',
  sendingEnabled: true,
});

describe('createSandboxGate', () => {
  const gate = createSandboxGate([
    identity('Owner@Example.com', 'EMAIL_ADDRESS'),
    identity('verified.test', 'DOMAIN'),
    identity('pending.test', 'DOMAIN', false),
    identity('waiting@elsewhere.test', 'EMAIL_ADDRESS', false),
    identity('managed.test', 'MANAGED_DOMAIN'),
    identity('xn--bcher-kva.example', 'DOMAIN'),
  ]);

  it('allows a verified EMAIL_ADDRESS identity exactly, ignoring case', () => {
    expect(gate.allows('owner@example.com', 'example.com')).toBe(true);
    expect(gate.allows('OWNER@EXAMPLE.COM', 'EXAMPLE.COM')).toBe(true);
  });

  it('does not extend an address identity to its neighbours or its domain', () => {
    expect(gate.allows('other@example.com', 'example.com')).toBe(false);
    expect(gate.allows('owner+tag@example.com', 'example.com')).toBe(false);
  });

  it('allows any address on a verified DOMAIN identity, ignoring case', () => {
    expect(gate.allows('anyone@verified.test', 'verified.test')).toBe(true);
    expect(gate.allows('Someone@Verified.Test', 'Verified.Test')).toBe(true);
  });

  it('does not cover subdomains of a verified domain', () => {
    expect(gate.allows('anyone@news.verified.test', 'news.verified.test')).toBe(false);
  });

  it('allows the mailbox simulator, labels included', () => {
    expect(gate.allows('success@simulator.amazonses.com', 'simulator.amazonses.com')).toBe(true);
    expect(gate.allows('bounce+list-42@simulator.amazonses.com', 'simulator.amazonses.com')).toBe(true);
    expect(gate.allows('x@SIMULATOR.AMAZONSES.COM', 'SIMULATOR.AMAZONSES.COM')).toBe(true);
    expect(gate.allows('success@fake-simulator.amazonses.com', 'fake-simulator.amazonses.com')).toBe(false);
  });

  it('ignores identities that are not verified, and MANAGED_DOMAIN identities', () => {
    expect(gate.allows('anyone@pending.test', 'pending.test')).toBe(false);
    expect(gate.allows('waiting@elsewhere.test', 'elsewhere.test')).toBe(false);
    expect(gate.allows('anyone@managed.test', 'managed.test')).toBe(false);
  });

  it('matches an internationalised domain in either form', () => {
    expect(gate.allows('leser@bücher.example', 'bücher.example')).toBe(true);
    expect(gate.allows('leser@xn--bcher-kva.example', 'xn--bcher-kva.example')).toBe(true);
  });

  it('derives the domain from the address when none is given', () => {
    expect(gate.allows('anyone@verified.test', '')).toBe(true);
    expect(gate.allows('anyone@unverified.test', '')).toBe(false);
  });

  it('counts what it knows', () => {
    expect(gate.verifiedAddresses).toBe(1);
    expect(gate.verifiedDomains).toBe(2);
  });

  it('with no verified identity lets only the simulator through', () => {
    const empty = createSandboxGate([]);
    expect(empty.allows('a@b.test', 'b.test')).toBe(false);
    expect(empty.allows('success@simulator.amazonses.com', 'simulator.amazonses.com')).toBe(true);
  });
});

describe('listIdentities', () => {
  let dir: string;
  let server: RunningSesServer;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'preflight-ses-identities-'));
    for (const [name, value] of Object.entries(isolatedAwsEnv(dir))) vi.stubEnv(name, value);
  });

  afterEach(async () => {
    await server.stop();
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows NextToken across pages (2,500 identities, pages of 1,000)', async () => {
    const identities: FakeIdentity[] = Array.from({ length: 2_500 }, (_, i) => ({
      name: i % 2 ? `person${i}@team.test` : `d${i}.test`,
      type: i % 2 ? 'EMAIL_ADDRESS' : 'DOMAIN',
      verificationStatus: i % 10 === 3 ? 'PENDING' : 'SUCCESS',
    }));
    server = await startSesServer({ account: sandboxAccount(), identities, rateLimit: null });
    const client = createSesClient({ region: 'us-east-1', endpoint: server.endpoint });
    const listed = await listIdentities(client, { minIntervalMs: 0 });
    client.destroy();
    expect(listed).toHaveLength(2_500);
    expect(listed.filter((entry) => !entry.verified)).toHaveLength(250);
    expect(listed[1]).toEqual({
      name: 'person1@team.test',
      type: 'EMAIL_ADDRESS',
      verified: true,
      verificationStatus: 'SUCCESS',
      sendingEnabled: true,
    });
    expect(server.requests.map((request) => `${request.method} ${request.path}`)).toEqual(Array(3).fill('POST /v2/email/list-identities'));
    const gate = createSandboxGate(listed);
    expect(gate.allows('person1@team.test', 'team.test')).toBe(true);
    expect(gate.allows('person3@team.test', 'team.test')).toBe(false); // PENDING
  });
});
