// What SES answered, checked before anything reads it. The SDK's deserializer
// checks no types: a GetAccount whose Max24HourSend is "lots" and whose
// EnforcementStatus is an object reached the card as "NaN left" and
// "[object Object]". Each answer Preflight uses is parsed with a schema of the
// fields it reads (from the SESv2 API model pinned in @aws-sdk/client-sesv2);
// one that does not fit is refused as unreadable, never read half-way.
import { z } from 'zod';
import { SesUserError } from './errors';

/** A quota: a finite number; -1 means unlimited (Max24HourSend of some accounts). */
const quantity = z.number().min(-1);
/** An enum value of the API (HEALTHY, BOUNCE, SUCCESS…): a short token, never free text. */
const token = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);
const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()));

export const GET_ACCOUNT_ANSWER = z.object({
  SendQuota: z
    .object({ Max24HourSend: quantity.optional(), MaxSendRate: quantity.optional(), SentLast24Hours: z.number().min(0).optional() })
    .optional(),
  ProductionAccessEnabled: z.boolean().optional(),
  SendingEnabled: z.boolean().optional(),
  EnforcementStatus: token.optional(),
  Details: z
    .object({
      MailType: token.optional(),
      ReviewDetails: z.object({ Status: token.optional(), CaseId: z.string().max(256).optional() }).optional(),
    })
    .optional(),
  VdmAttributes: z.object({ VdmEnabled: token.optional() }).optional(),
  SuppressionAttributes: z
    .object({
      SuppressedReasons: z.array(token).optional(),
      ValidationAttributes: z
        .object({
          ConditionThreshold: z
            .object({
              ConditionThresholdEnabled: token.optional(),
              OverallConfidenceThreshold: z.object({ ConfidenceVerdictThreshold: token.optional() }).optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

const nextToken = z.string().max(10_000).optional();

export const LIST_SUPPRESSED_ANSWER = z.object({
  SuppressedDestinationSummaries: z
    .array(z.object({ EmailAddress: z.string().min(1).max(1_000), Reason: token, LastUpdateTime: validDate }))
    .optional(),
  NextToken: nextToken,
});

export const LIST_IDENTITIES_ANSWER = z.object({
  EmailIdentities: z
    .array(
      z.object({
        IdentityName: z.string().max(1_000).optional(),
        IdentityType: token.optional(),
        VerificationStatus: token.optional(),
        SendingEnabled: z.boolean().optional(),
      }),
    )
    .optional(),
  NextToken: nextToken,
});

export const GET_IDENTITY_ANSWER = z.object({
  VerifiedForSendingStatus: z.boolean().optional(),
  VerificationStatus: token.optional(),
  DkimAttributes: z
    .object({ SigningEnabled: z.boolean().optional(), Status: token.optional(), Tokens: z.array(z.string().max(256)).optional() })
    .optional(),
  MailFromAttributes: z.object({ MailFromDomain: z.string().max(1_000).optional(), MailFromDomainStatus: token.optional() }).optional(),
});

/** Thrown for an answer that does not fit its schema (or that could not be parsed at all); errors.ts words it. */
export class UnreadableAnswerError extends Error {
  override readonly name = 'UnreadableAnswerError';
  constructor(
    readonly operation: string,
    /** Which field did not fit ("SendQuota.Max24HourSend"); never its value, which the endpoint chose. */
    readonly field: string | null,
  ) {
    super(`The answer to ${operation} was unreadable${field ? ` (${field})` : ''}.`);
  }
}

/** The answer as the schema reads it, or UnreadableAnswerError naming the first field that does not fit. */
export function readAnswer<T>(schema: z.ZodType<T>, answer: unknown, operation: string): T {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  const path = parsed.error.issues[0]?.path ?? [];
  throw new UnreadableAnswerError(operation, path.length ? path.map(String).join('.') : null);
}

/**
 * Follows a listing's NextToken, and stops one that would never end: a token
 * SES already sent (the same page forever kept `ses sync` asking until killed),
 * or more pages than the listing can have. Throws the SesUserError sentence.
 */
export class PageTokens {
  private readonly seen = new Set<string>();
  private pages = 0;

  constructor(
    private readonly operation: string,
    private readonly region: () => Promise<string>,
    private readonly maxPages: number,
  ) {}

  /** The token to ask the next page with, undefined when the listing is complete. */
  async next(answered: string | undefined): Promise<string | undefined> {
    this.pages++;
    if (!answered) return undefined;
    const stop = async (why: string) =>
      new SesUserError(
        'endless_listing',
        `SES in ${await this.region()} ${why}: Preflight stopped instead of asking forever, and kept nothing from this listing. Try again later; if it keeps happening, check that nothing between Preflight and SES (a proxy, AWS_ENDPOINT_URL_SESV2) is changing its answers.`,
      );
    if (this.seen.has(answered)) throw await stop(`answered ${this.operation} page ${this.pages} with a page token it had already sent`);
    if (this.pages >= this.maxPages)
      throw await stop(
        `was still sending ${this.operation} pages after ${this.maxPages.toLocaleString('en-US')}, more than any account has`,
      );
    this.seen.add(answered);
    return answered;
  }
}
