// SES's open deliverability recommendations as the readiness checklist shows
// them (the CLI, report.json and the app): one item to fix each, in SES's words.
import type { ReadinessItem, SesRecommendation } from '../model/ses';

/** "arn:aws:ses:eu-west-1:123456789012:identity/example.com" → "identity example.com"; anything else as it is. */
export function resourceName(arn: string): string {
  const match = /^arn:[^:]+:ses:[^:]*:[^:]*:([a-z-]+)\/(.+)$/.exec(arn);
  return match ? `${match[1]!.replace(/-/g, ' ')} ${match[2]}` : arn;
}

const TYPE_TITLES: Readonly<Record<string, string>> = {
  DKIM: 'DKIM',
  DMARC: 'DMARC',
  SPF: 'SPF',
  BIMI: 'BIMI',
  COMPLAINT: 'Complaints',
  BOUNCE: 'Bounces',
  FEEDBACK_3P: 'Third-party feedback',
  IP_LISTING: 'IP listing',
};

/** A readiness item for each recommendation: to fix, in the order given. */
export function recommendationItems(list: readonly SesRecommendation[]): ReadinessItem[] {
  return list.map((recommendation) => {
    const subject = TYPE_TITLES[recommendation.type] ?? recommendation.type;
    const where = recommendation.resource ? ` for ${resourceName(recommendation.resource)}` : '';
    return {
      id: 'ses_recommendation',
      ok: false,
      status: 'fix',
      title: `SES recommends (${recommendation.impact} impact): ${subject}${where}`,
      fix:
        recommendation.description ||
        `SES has an open ${subject} recommendation${where}: see the SES console (Virtual Deliverability Manager → Advisor).`,
      ...(recommendation.resource ? { detail: recommendation.resource } : {}),
      recommendation,
    };
  });
}
