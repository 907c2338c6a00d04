// Turns whatever the SDK, the credential chain or the network threw into one
// sentence a user can act on. SDK messages are only echoed where they are SES's
// own short explanations, and even then every sentence goes through
// redactCredentials: an endpoint can quote the request's key ID and session token.
import { OPT_IN_REGIONS, SES_REGIONS } from '../../../shared/model/ses';
import { UserError } from '../../../shared/model/errors';
import { redactCredentials } from './credential-redaction';

export type SesErrorKind =
  | 'cancelled'
  | 'no_region'
  | 'bad_region'
  | 'profile_not_found'
  | 'no_credentials'
  | 'credential_process'
  | 'sso_expired'
  | 'token_expired'
  | 'invalid_credentials'
  | 'region_not_enabled'
  | 'access_denied'
  | 'network'
  | 'timeout'
  | 'throttled'
  | 'service'
  | 'not_found'
  | 'bad_request'
  /** The answer did not fit the API's schema, or was not JSON at all. */
  | 'unreadable'
  /** The answer was larger than any SES sends (MAX_ANSWER_BYTES). */
  | 'answer_too_large'
  /** The answer was still arriving when the whole-request deadline passed. */
  | 'answer_too_slow'
  /** A listing repeated a page token, or went on past its page limit. */
  | 'endless_listing'
  | 'unknown';

/** A UserError ('ses_failed', or 'cancelled') that also says what kind of failure it was. */
export class SesUserError extends UserError {
  constructor(
    readonly kind: SesErrorKind,
    message: string,
    /** HTTP status of SES's answer, when there was one. */
    readonly status?: number,
    /** The app's sentence, when it differs from the CLI's (shared/model/errors.ts). */
    appMessage?: string,
  ) {
    super(
      kind === 'cancelled' ? 'cancelled' : 'ses_failed',
      redactCredentials(message),
      appMessage === undefined ? undefined : redactCredentials(appMessage),
    );
  }
}

export function isSesUserError(error: unknown): error is SesUserError {
  return error instanceof SesUserError;
}

export interface SesErrorContext {
  /** The IAM action of the call that failed, e.g. 'ses:GetAccount'. */
  action?: string;
  region?: string;
  profile?: string;
  /** How many times the call was tried (for throttling). */
  attempts?: number;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  hostname?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ENETDOWN',
]);
const REGION_SHAPE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isWellFormedRegion(region: string): boolean {
  return REGION_SHAPE.test(region);
}

function profileLabel(context: SesErrorContext): string {
  return context.profile ?? process.env.AWS_PROFILE ?? 'default';
}

function regionList(): string {
  return SES_REGIONS.join(', ');
}

export function unknownRegionSentence(region: string): string {
  return `SES is not offered in region '${region}' (or the name is mistyped): choose one of ${regionList()}.`;
}

/** Walks error.cause too: the SDK wraps some network errors. */
function networkCode(error: ErrorLike): string | undefined {
  for (
    let current: ErrorLike | undefined = error, depth = 0;
    current && depth < 4;
    current = current.cause as ErrorLike | undefined, depth++
  ) {
    if (current.code && NETWORK_CODES.has(current.code)) return current.code;
  }
  return undefined;
}

/** The missing permission, from AWS's "… is not authorized to perform: ses:X …" or from the call made. */
function deniedAction(message: string, context: SesErrorContext): string {
  return /not authorized to perform:?\s*([a-z0-9-]+:[A-Za-z0-9]+)/i.exec(message)?.[1] ?? context.action ?? 'the SES action';
}

/**
 * The SDK's chain ends most credential failures with "Could not load credentials
 * from any providers"; knowing how the profile is set up (key names only) gives
 * a sentence the user can act on.
 */
export function refineCredentialError(
  error: SesUserError,
  profile: string,
  source: 'missing' | 'credential_process' | 'sso' | 'keys' | 'other',
  profileChosen: boolean,
): SesUserError {
  if (error.kind !== 'no_credentials') return error;
  if (source === 'missing' && profileChosen) {
    return new SesUserError(
      'profile_not_found',
      `There is no AWS profile named '${profile}' in ~/.aws/config or ~/.aws/credentials: pick an existing profile, or create it with \`aws configure --profile ${profile}\`.`,
      undefined,
      noProfileApp(profile),
    );
  }
  if (source === 'credential_process') {
    return new SesUserError(
      'credential_process',
      `The credential_process of AWS profile '${profile}' failed: run that command by hand to see why, fix it, then try again.`,
    );
  }
  if (source === 'sso') {
    return new SesUserError(
      'sso_expired',
      `The AWS SSO session of profile '${profile}' has expired or was never started: run \`aws sso login --profile ${profile}\`, then try again.`,
      undefined,
      ssoExpiredApp(profile),
    );
  }
  return error;
}

/** The app's sentences for the AWS set-up a person fixes outside Preflight: the AWS CLI's own commands, named without their flags. */
const noProfileApp = (profile: string) =>
  `There is no AWS profile named '${profile}' in ~/.aws/config or ~/.aws/credentials: choose an existing profile in the Profile list, or create this one with the AWS CLI (aws configure, for profile '${profile}').`;
const ssoExpiredApp = (profile: string) =>
  `The AWS SSO session of profile '${profile}' has expired or was never started: sign in again with the AWS CLI (aws sso login, for profile '${profile}'), then check the account again.`;

function megabytes(bytes: number | undefined): string {
  return bytes === undefined ? 'any answer of SES' : `${Math.round(bytes / (1024 * 1024))} MB`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeSesError(error: unknown, context: SesErrorContext = {}): SesUserError {
  if (error instanceof SesUserError) return error;
  const e: ErrorLike = typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
  const name = e.name ?? '';
  const message = e.message ?? '';
  const status = e.$metadata?.httpStatusCode;
  const region = context.region ?? 'this region';
  const profile = profileLabel(context);
  /** `app`: the app's sentence, when the CLI's names a flag or a terminal command's options. */
  const fail = (kind: SesErrorKind, sentence: string, app?: string) => new SesUserError(kind, sentence, status, app);

  if (name === 'AbortError' || (error instanceof UserError && error.code === 'cancelled')) {
    return fail('cancelled', 'The SES request was cancelled.');
  }

  // An answer that arrived but cannot be used (the endpoint is not behaving as SES does).
  const between = 'check that nothing between Preflight and SES (a proxy, AWS_ENDPOINT_URL_SESV2) is changing its answers';
  if (name === 'AnswerTooLargeError') {
    return fail(
      'answer_too_large',
      `The answer from SES in ${region} was larger than ${megabytes((e as { limitBytes?: number }).limitBytes)}, far more than SES sends: Preflight stopped reading it. ${capitalise(between)}.`,
    );
  }
  if (name === 'AnswerTooSlowError') {
    return fail(
      'answer_too_slow',
      `SES in ${region} was still sending its answer after ${Math.round(((e as { deadlineMs?: number }).deadlineMs ?? 30_000) / 1000)} s: Preflight gave up on it. Check your internet connection, and ${between}.`,
    );
  }
  if (name === 'UnreadableAnswerError' || /Deserialization error/.test(message)) {
    const operation = (e as { operation?: string }).operation ?? context.action?.replace(/^ses:/, '');
    const field = (e as { field?: string | null }).field;
    return fail(
      'unreadable',
      `The answer from SES in ${region}${operation ? ` to ${operation}` : ''} was unreadable${field ? ` (${field} is not what SES sends)` : ''}: Preflight did not use it. Try again; if it keeps happening, ${between}.`,
    );
  }

  if (/Region is missing/i.test(message)) {
    return fail(
      'no_region',
      'No AWS region is set: choose one with --region (for example us-east-1), set AWS_REGION, or add `region = …` to the profile in ~/.aws/config.',
      'No AWS region is set: choose one in the Region list (for example us-east-1), or add `region = …` to the profile in ~/.aws/config.',
    );
  }
  if (/Region not accepted|Invalid region/i.test(message) || (context.region !== undefined && !isWellFormedRegion(context.region))) {
    return fail('bad_region', `'${context.region ?? ''}' is not an AWS region name: choose one of ${regionList()}.`);
  }

  // Credential chain failures (before any request was sent).
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /SSO/.test(name)) {
    const missingProfile = /Profile '?([^'\s]+?)'? (?:was not found|could not be found)/i.exec(message);
    if (/sso/i.test(message) && /expired|invalid|refresh|not found|login/i.test(message)) {
      return fail(
        'sso_expired',
        `The AWS SSO session of profile '${profile}' has expired or was never started: run \`aws sso login --profile ${profile}\`, then try again.`,
        ssoExpiredApp(profile),
      );
    }
    if (missingProfile) {
      return fail(
        'profile_not_found',
        `There is no AWS profile named '${missingProfile[1]}' in ~/.aws/config or ~/.aws/credentials: pick an existing profile, or create it with \`aws configure --profile ${missingProfile[1]}\`.`,
        noProfileApp(missingProfile[1]!),
      );
    }
    if (/credential_process|credential process/i.test(message)) {
      return fail(
        'credential_process',
        `The credential_process of AWS profile '${profile}' failed: run that command by hand to see why, fix it, then try again.`,
      );
    }
    return fail(
      'no_credentials',
      'No AWS credentials were found: run `aws configure` (or `aws configure sso`), set AWS_PROFILE, or choose a profile with --profile.',
      'No AWS credentials were found: choose a profile in the Profile list, or set one up with the AWS CLI (aws configure, or aws configure sso), then check the account again.',
    );
  }

  // SES (or AWS's front door) answered with an error.
  if (
    name === 'ExpiredTokenException' ||
    name === 'ExpiredToken' ||
    name === 'RequestExpired' ||
    /security token included in the request is expired/i.test(message)
  ) {
    return fail(
      'token_expired',
      `The AWS session of profile '${profile}' has expired: for an SSO profile run \`aws sso login --profile ${profile}\`, otherwise fetch fresh temporary credentials, then try again.`,
      `The AWS session of profile '${profile}' has expired: for an SSO profile sign in again with the AWS CLI (aws sso login, for profile '${profile}'), otherwise fetch fresh temporary credentials, then check the account again.`,
    );
  }
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidClientTokenId' ||
    /security token included in the request is invalid/i.test(message)
  ) {
    if (context.region && OPT_IN_REGIONS.includes(context.region)) {
      return fail(
        'region_not_enabled',
        `Region ${context.region} is an opt-in region that is not enabled for this AWS account: enable it under Account → AWS Regions, or choose another region.`,
      );
    }
    return fail(
      'invalid_credentials',
      `AWS does not recognise the access key of profile '${profile}': check it with \`aws configure list --profile ${profile}\` and replace the keys if they were deleted or rotated.`,
      `AWS does not recognise the access key of profile '${profile}': check the profile's keys in ~/.aws/credentials (the AWS CLI's aws configure list shows which are used) and replace them if they were deleted or rotated.`,
    );
  }
  if (name === 'InvalidSignatureException' || name === 'SignatureDoesNotMatch') {
    if (/scoped to a valid region|correct region/i.test(message)) {
      return fail('bad_region', unknownRegionSentence(context.region ?? ''));
    }
    return fail(
      'invalid_credentials',
      `AWS rejected the request signature: the secret access key of profile '${profile}' does not match its key ID (or the computer's clock is wrong); re-enter it with \`aws configure --profile ${profile}\`.`,
      `AWS rejected the request signature: the secret access key of profile '${profile}' does not match its key ID (or the computer's clock is wrong); re-enter it in ~/.aws/credentials or with the AWS CLI (aws configure, for profile '${profile}').`,
    );
  }
  if (/AccessDenied/i.test(name) || name === 'MissingAuthenticationTokenException' || (status === 403 && /not authorized/i.test(message))) {
    const action = deniedAction(message, context);
    return fail(
      'access_denied',
      `Your AWS identity (profile '${profile}') is not allowed to call ${action} in ${region}: add that action to its IAM policy (docs/ses.md lists the minimal policy), then try again.`,
    );
  }
  if (name === 'TooManyRequestsException' || name === 'ThrottlingException' || status === 429) {
    const tries = context.attempts ? ` after ${context.attempts} tries` : '';
    return fail(
      'throttled',
      `SES kept refusing requests in ${region} for going over its rate limit (about one request per second)${tries}: wait a minute, make sure no other tool is calling SES with this account right now, and try again.`,
    );
  }
  if (name === 'NotFoundException' || status === 404) {
    return fail('not_found', `SES found nothing for ${context.action ?? 'the request'} in ${region}: ${message || 'not found'}`);
  }
  if (name === 'BadRequestException' || name === 'ValidationException') {
    return fail('bad_request', `SES refused ${context.action ?? 'the request'} in ${region}: ${message || 'bad request'}`);
  }
  if (e.$fault === 'server' || (status !== undefined && status >= 500)) {
    return fail(
      'service',
      `SES in ${region} failed with an internal error (${name || status}) several times in a row: try again in a few minutes.`,
    );
  }

  // No answer at all.
  if (name === 'TimeoutError' || e.code === 'ETIMEDOUT' || /timed out/i.test(message)) {
    return fail(
      'timeout',
      `SES in ${region} did not answer in time: check your internet connection (or proxy and firewall), then try again.`,
    );
  }
  const code = networkCode(e);
  if (code) {
    if (
      (code === 'ENOTFOUND' || code === 'EAI_AGAIN') &&
      context.region &&
      !SES_REGIONS.includes(context.region) &&
      /amazonaws\.com/.test(e.hostname ?? message)
    ) {
      return fail('bad_region', unknownRegionSentence(context.region));
    }
    return fail(
      'network',
      `Could not reach SES in ${region} (${code}): check your internet connection (or proxy and firewall), then try again.`,
    );
  }
  return fail('unknown', `The SES request failed${name && name !== 'Error' ? ` (${name})` : ''}: ${message || 'no details were given'}.`);
}
