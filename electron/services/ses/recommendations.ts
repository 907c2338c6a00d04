// SES's open deliverability recommendations (Virtual Deliverability Manager's
// advisor): ListRecommendations filtered to STATUS=OPEN, every page. Each one
// joins the sender readiness checklist as an item to fix, HIGH impact first.
// SES allows this call once per second (SESv2 API reference, ListRecommendations);
// sesCall's pace already keeps to that.
import { ListRecommendationsCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import type { SesRecommendation } from '../../../shared/model/ses';
import { PageTokens, readAnswer } from './answers';
import { sesCall, type SesCallOptions } from './call';

/** The most SES accepts per page (1–100). */
const PAGE_SIZE = 100;
/** Pages after which the listing is taken as endless: far more recommendations than an account has. */
const MAX_PAGES = 100;

const token = z.string().regex(/^[A-Za-z0-9_]{1,64}$/);
const validDate = z.date().refine((date) => !Number.isNaN(date.getTime()));

export const LIST_RECOMMENDATIONS_ANSWER = z.object({
  Recommendations: z
    .array(
      z.object({
        ResourceArn: z.string().max(2_048).optional(),
        Type: token.optional(),
        Description: z.string().max(10_000).optional(),
        Status: token.optional(),
        CreatedTimestamp: validDate.optional(),
        LastUpdatedTimestamp: validDate.optional(),
        Impact: token.optional(),
      }),
    )
    .max(1_000)
    .optional(),
  NextToken: z.string().max(10_000).optional(),
});

const IMPACT_ORDER = ['HIGH', 'LOW'];

/** HIGH impact first, then LOW, then anything SES adds; within one impact by type, then resource. */
export function sortRecommendations(list: readonly SesRecommendation[]): SesRecommendation[] {
  const rank = (impact: string) => {
    const index = IMPACT_ORDER.indexOf(impact);
    return index < 0 ? IMPACT_ORDER.length : index;
  };
  return [...list].sort((a, b) => rank(a.impact) - rank(b.impact) || a.type.localeCompare(b.type) || a.resource.localeCompare(b.resource));
}

/** Every open recommendation in the client's region, HIGH impact first. Failures are SesUserError sentences. */
export async function listOpenRecommendations(
  client: SESv2Client,
  region: string,
  options: SesCallOptions = {},
): Promise<SesRecommendation[]> {
  const found: SesRecommendation[] = [];
  const pageTokens = new PageTokens('ListRecommendations', async () => region, MAX_PAGES);
  let nextToken: string | undefined;
  do {
    const asked = nextToken;
    const page = await sesCall(
      client,
      'ses:ListRecommendations',
      async (abortSignal) =>
        readAnswer(
          LIST_RECOMMENDATIONS_ANSWER,
          await client.send(
            new ListRecommendationsCommand({ Filter: { STATUS: 'OPEN' }, PageSize: PAGE_SIZE, ...(asked ? { NextToken: asked } : {}) }),
            { abortSignal },
          ),
          'ListRecommendations',
        ),
      options,
    );
    for (const item of page.Recommendations ?? []) {
      // The filter asked for OPEN: anything else an endpoint sends is not an open finding.
      if (item.Status !== undefined && item.Status !== 'OPEN') continue;
      found.push({
        type: item.Type ?? 'UNKNOWN',
        impact: item.Impact ?? 'UNKNOWN',
        resource: item.ResourceArn ?? '',
        description: (item.Description ?? '').trim(),
        ...(item.CreatedTimestamp ? { createdAt: item.CreatedTimestamp.toISOString() } : {}),
        ...(item.LastUpdatedTimestamp ? { updatedAt: item.LastUpdatedTimestamp.toISOString() } : {}),
      });
    }
    nextToken = await pageTokens.next(page.NextToken);
  } while (nextToken);
  return sortRecommendations(found);
}
