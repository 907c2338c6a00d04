// Warm-up policies: how many recipients the first sending day may have, how fast
// the daily volume may grow, and which mailbox providers have their own first-week
// limits. Every number cites the published schedule it comes from
// (docs/sources.md, "Warm-up schedules"); docs/plan.md explains them.

import type { MailboxProvider } from '../address/providers';

/** The mailbox providers the planner caps one by one; every other domain is 'other'. */
export type ProviderGroup = 'gmail' | 'yahoo_aol' | 'microsoft' | 'other';

export const PROVIDER_GROUPS: readonly ProviderGroup[] = ['gmail', 'yahoo_aol', 'microsoft', 'other'];

export const PROVIDER_GROUP_LABELS: Record<ProviderGroup, string> = {
  gmail: 'Gmail',
  yahoo_aol: 'Yahoo/AOL',
  microsoft: 'Microsoft',
  other: 'Others',
};

/** Index into PROVIDER_GROUPS of a provider from shared/address/providers. */
export function providerGroupIndex(provider: MailboxProvider): number {
  switch (provider) {
    case 'gmail':
      return 0;
    // Yahoo has run AOL Mail since 2017 (Verizon Media, then Yahoo Inc.): one receiving infrastructure.
    case 'yahoo':
    case 'aol':
      return 1;
    case 'microsoft':
      return 2;
    default:
      return 3;
  }
}

export type PresetName = 'conservative' | 'standard' | 'aggressive';
export const PRESET_NAMES: readonly PresetName[] = ['conservative', 'standard', 'aggressive'];

export interface WarmupPolicy {
  /** A preset, or 'custom' when --first-day or --growth changed one. */
  name: PresetName | 'custom';
  /** The preset the custom values started from. */
  basedOn?: PresetName;
  /** Recipients on the first sending day; also the floor every provider may always receive in a day. */
  firstDay: number;
  /** Largest day-over-day growth factor, for the whole plan and for each provider. */
  growth: number;
  /** Most recipients per day per provider during the plan's first 7 calendar days. */
  weekOneCaps: Partial<Record<ProviderGroup, number>>;
  /** Where the numbers come from. */
  sources: string[];
}

/**
 * SparkPost's warm-up guidance: some mailbox providers cap new senders in week one,
 * AOL at about 5,000 a day and Outlook at about 20,000 a day. Yahoo and AOL share
 * one infrastructure, so the AOL figure caps both.
 */
export const WEEK_ONE_CAPS: Partial<Record<ProviderGroup, number>> = { yahoo_aol: 5_000, microsoft: 20_000 };

const SPARKPOST =
  'SparkPost IP warm-up guidance: plan 4–8 weeks; AOL about 5,000/day and Outlook about 20,000/day in week one; start with the most engaged recipients.';

export const PRESETS: Record<PresetName, WarmupPolicy> = {
  // Amazon SES standard auto warm-up reaches about 50,000/day in 45 days:
  // 250 × 1.13^44 ≈ 54,000, so day 45 of this schedule is where SES's is.
  conservative: {
    name: 'conservative',
    firstDay: 250,
    growth: 1.13,
    weekOneCaps: WEEK_ONE_CAPS,
    sources: ['Amazon SES standard dedicated IP auto warm-up: about 50,000 emails/day after 45 days.', SPARKPOST],
  },
  // SendGrid's automatic warm-up grows its hourly cap about ×1.4 a day from 20/hour
  // on day 0 (20 × 24 h = 480 a day): 500 × 1.4^14 ≈ 56,000 on day 15.
  standard: {
    name: 'standard',
    firstDay: 500,
    growth: 1.4,
    weekOneCaps: WEEK_ONE_CAPS,
    sources: ['SendGrid automatic IP warm-up: 20/hour on day 0, 108/hour on day 5, 579/hour on day 10 (about ×1.4 per day).', SPARKPOST],
  },
  // SendGrid's manual schedule (50, 100, 1k, 5k, 10k, 50k, 200k … then doubling):
  // its third day's volume, then its steady step, doubling.
  aggressive: {
    name: 'aggressive',
    firstDay: 1_000,
    growth: 2,
    weekOneCaps: WEEK_ONE_CAPS,
    sources: ['SendGrid manual IP warm-up schedule: 50, 100, 1,000, 5,000, 10,000, 50,000, 200,000 … per day, then doubling.', SPARKPOST],
  },
};

/** Limits for custom values, so a typo cannot make a plan that never ends or never ramps. */
export const GROWTH_RANGE = { min: 1, max: 10 } as const;

/** A preset, with --first-day and --growth applied when given (the policy is then 'custom'). */
export function resolvePolicy(preset: PresetName, custom: { firstDay?: number; growth?: number } = {}): WarmupPolicy {
  const base = PRESETS[preset];
  if (custom.firstDay === undefined && custom.growth === undefined)
    return { ...base, weekOneCaps: { ...base.weekOneCaps }, sources: [...base.sources] };
  return {
    name: 'custom',
    basedOn: preset,
    firstDay: custom.firstDay ?? base.firstDay,
    growth: custom.growth ?? base.growth,
    weekOneCaps: { ...base.weekOneCaps },
    sources: [...base.sources],
  };
}
