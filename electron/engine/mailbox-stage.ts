// Mailbox verification: SES Email Validation asked about the rows where its
// verdict can change something, and billed per address, so the budget goes where
// a bounce is likeliest.
//
//   1. candidates: the mailboxes of the rows still to send or review (a removed row
//      is never asked about), one per mailbox by the provider's alias rules
//      (j.doe@gmail.com and jdoe+x@gmail.com are asked once);
//   2. saved answers younger than 30 days are used first (free);
//   3. the rest, riskiest first (the risk stage's bounce probability, the highest of
//      the mailbox's rows), up to the limit: asked, or only counted and priced when
//      the user asked for an estimate;
//   4. the verdicts become reasons (LOW → mailbox_invalid, MEDIUM or random input →
//      mailbox_uncertain, disposable, role_account); a HIGH verdict lowers the row's
//      bounce risk when the risk stage runs again. A mailbox SES did not answer, or
//      answered in a shape that is not SES's, keeps what the other checks decided.

import { appSentence } from '../../shared/model/errors';
import { mailboxKeyOfLowerCase, type MailboxProvider } from '../../shared/address/providers';
import type { CheckSettings } from '../../shared/model/check';
import {
  formatUsd,
  mailboxPrice,
  priceNote,
  suppressedAt,
  type AutoValidation,
  type Confidence,
  type MailboxInsight,
  type MailboxVerificationReport,
  type SavedMailboxInsight,
} from '../../shared/model/mailbox';
import type { ReasonCode } from '../../shared/model/reasons';
import { configurationSetAutoValidation } from '../services/ses/auto-validation';
import { createSesClient } from '../services/ses/client';
import { describeSesError } from '../services/ses/errors';
import { MailboxInsightCache } from '../services/ses/mailbox-cache';
import { askMailboxInsights } from '../services/ses/mailbox-insights';
import { defaultCacheDir } from '../services/dns/cache-dir';
import { StringIndex } from '../../shared/text/string-index';
import { verdictOf, type RowStore } from './row-store';

/** The account the check used, as the account stage found it. */
export interface MailboxAccountContext {
  region: string;
  accountKey: string;
  autoValidation: AutoValidation | null;
}

export interface MailboxStageOutcome {
  report: MailboxVerificationReport;
  warnings: string[];
}

export interface MailboxStageOptions {
  signal?: AbortSignal;
  /** A status line while asking ("Asking SES about mailboxes: 12 of 80"). */
  onMessage?: (message: string) => void;
  /** A sentence the user must see before any money is spent (the CLI prints it on stderr). */
  onNotice?: (sentence: string) => void;
}

/** Answers are saved this often while asking, so a crash loses at most this many (billed again). */
const SAVE_EVERY = 50;

/**
 * The mailboxes of the rows still to send or review, by id (0, 1, …): the row each was
 * first seen on (its address is the one asked), and the highest bounce probability of
 * its rows. Typed arrays and a StringIndex rather than an object and a Map entry per
 * mailbox: measured on 500k rows, grouping took 4.9 s that way (a loaded 2-core machine).
 */
interface Mailboxes {
  count: number;
  firstRow: Int32Array;
  risk: Float32Array;
  /** The rows after the first, for the few mailboxes with more than one. */
  more: Map<number, number[]>;
}

function rowsOf(mailboxes: Mailboxes, id: number): number[] {
  const more = mailboxes.more.get(id);
  return more ? [mailboxes.firstRow[id]!, ...more] : [mailboxes.firstRow[id]!];
}

/** The reasons SES's answer gives a row (none for a plain HIGH). */
export function reasonsFromInsight(insight: MailboxInsight): ReasonCode[] {
  const reasons: ReasonCode[] = [];
  if (insight.verdict === 'LOW') reasons.push('mailbox_invalid');
  else if (insight.verdict === 'MEDIUM' || insight.evaluations.IsRandomInput === 'HIGH') reasons.push('mailbox_uncertain');
  if (insight.evaluations.IsDisposable === 'HIGH') reasons.push('disposable');
  if (insight.evaluations.IsRoleAddress === 'HIGH') reasons.push('role_account');
  return reasons;
}

/** Providers whose alias rules make two addresses one mailbox (shared/address/providers.ts); elsewhere the address is the key. */
const ALIAS_PROVIDERS = new Set(['gmail', 'microsoft', 'apple', 'yahoo', 'fastmail', 'proton', 'yandex']);
const UPPER_CASE = /[A-Z]/;

function mailboxesToVerify(store: RowStore): Mailboxes {
  const index = new StringIndex(Math.max(1024, Math.min(4_000_000, store.count)));
  let firstRow = new Int32Array(1024);
  let risk = new Float32Array(1024);
  const more = new Map<number, number[]>();
  for (let row = 0; row < store.count; row++) {
    // After the decisions: a row a person chose to remove is never asked about (nor billed).
    if (store.verdict(row) === 'remove') continue;
    const address = store.normalized[row]!;
    const at = address.lastIndexOf('@');
    if (at <= 0) continue;
    const lower = UPPER_CASE.test(address) ? address.toLowerCase() : address;
    const provider = store.provider(row);
    const key = ALIAS_PROVIDERS.has(provider)
      ? mailboxKeyOfLowerCase(lower.slice(0, at), lower.slice(at + 1), provider as MailboxProvider)
      : lower;
    const rowRisk = store.risk(row) ?? 0;
    const entry = index.lookup(key);
    if (entry >= 0) {
      const rows = more.get(entry);
      if (rows) rows.push(row);
      else more.set(entry, [row]);
      if (rowRisk > risk[entry]!) risk[entry] = rowRisk;
      continue;
    }
    const id = index.size;
    index.insert(key, id);
    if (id === firstRow.length) {
      const grownRows = new Int32Array(id * 2);
      grownRows.set(firstRow);
      firstRow = grownRows;
      const grownRisk = new Float32Array(id * 2);
      grownRisk.set(risk);
      risk = grownRisk;
    }
    firstRow[id] = row;
    risk[id] = rowRisk;
  }
  return { count: index.size, firstRow, risk, more };
}

/**
 * The `limit` riskiest of `ids`, riskiest first, equal risks in list order. The cut-off is
 * found on a natively sorted copy of the risks, so only the chosen few are sorted by comparison.
 */
export function riskiest(ids: number[], risk: Float32Array, limit: number): number[] {
  if (limit <= 0 || ids.length === 0) return [];
  let chosen = ids;
  if (ids.length > limit) {
    const sorted = Float32Array.from(ids, (id) => risk[id]!).sort();
    const cutoff = sorted[sorted.length - limit]!;
    const above = ids.filter((id) => risk[id]! > cutoff);
    const at = ids.filter((id) => risk[id]! === cutoff).slice(0, limit - above.length);
    chosen = [...above, ...at];
  }
  return chosen.sort((a, b) => risk[b]! - risk[a]! || a - b);
}

export async function runMailboxStage(
  store: RowStore,
  settings: CheckSettings,
  account: MailboxAccountContext,
  options: MailboxStageOptions = {},
): Promise<MailboxStageOutcome> {
  const verify = settings.ses!.verifyMailboxes!;
  const now = Date.now();
  const price = mailboxPrice(verify.usdPerAddress, new Date(now).toISOString().slice(0, 10));
  const warnings: string[] = [];
  const location = { cacheDir: settings.cacheDir ?? defaultCacheDir(), region: account.region, accountKey: account.accountKey };
  const cache = await MailboxInsightCache.open(location);

  const mailboxes = mailboxesToVerify(store);
  const answers = new Map<number, SavedMailboxInsight>();
  let fromCache = 0;
  const unanswered: number[] = [];
  for (let id = 0; id < mailboxes.count; id++) {
    let saved: SavedMailboxInsight | undefined;
    if (cache.size > 0) for (const row of rowsOf(mailboxes, id)) if ((saved = cache.fresh(store.normalized[row]!, now))) break;
    if (saved) {
      answers.set(id, saved);
      fromCache++;
    } else unanswered.push(id);
  }
  const chosen = riskiest(unanswered, mailboxes.risk, verify.limit);
  const addressOf = (id: number) => store.normalized[mailboxes.firstRow[id]!]!;
  const mode: MailboxVerificationReport['mode'] = settings.offline ? 'offline' : verify.ask && verify.limit > 0 ? 'asked' : 'estimate';
  let asked = 0;
  let unusable = 0;

  if (mode === 'asked' && chosen.length > 0) {
    const cost = formatUsd(chosen.length * price.usdPerAddress);
    options.onNotice?.(
      `Asking SES Email Validation about ${chosen.length.toLocaleString('en-US')} address${chosen.length === 1 ? '' : 'es'} in ${account.region}: about ${cost} ` +
        `at ${formatUsd(price.usdPerAddress)} per address (${priceNote(price)}; your plan may include some validations).`,
    );
    const clients = [0, 1].map(() => createSesClient({ profile: settings.ses?.profile, region: account.region }));
    const byAddress = new Map(chosen.map((id) => [addressOf(id), id]));
    let answered = 0;
    try {
      const result = await askMailboxInsights(clients, chosen.map(addressOf), {
        signal: options.signal,
        region: account.region,
        profile: settings.ses?.profile,
        onAnswer: (address, insight) => {
          answered++;
          if (insight) {
            const at = new Date().toISOString();
            cache.put(address, insight, at);
            answers.set(byAddress.get(address)!, { ...insight, at });
          }
          if (answered % SAVE_EVERY === 0) void cache.save().catch(() => {});
          options.onMessage?.(
            `Asking SES about mailboxes: ${answered.toLocaleString('en-US')} of ${chosen.length.toLocaleString('en-US')}`,
          );
        },
      });
      asked = result.asked;
      unusable = result.unusable.length;
      if (result.unusable.length) {
        warnings.push(
          `SES answered ${result.unusable.length.toLocaleString('en-US')} mailbox question${result.unusable.length === 1 ? '' : 's'} in a shape Preflight does not know: those addresses were not verified and keep the verdict the other checks gave.`,
        );
      }
      if (result.refused.length) {
        warnings.push(
          `SES refused to judge ${result.refused.length.toLocaleString('en-US')} address${result.refused.length === 1 ? '' : 'es'} (for example ${result.refused[0]}): not verified.`,
        );
      }
      if (result.failure) {
        const left = chosen.length - result.answers.size;
        warnings.push(
          `${appSentence(result.failure)} ${left.toLocaleString('en-US')} address${left === 1 ? ' was' : 'es were'} not verified: they keep the verdict the other checks gave, and the answers already given are saved.`,
        );
      }
    } finally {
      for (const client of clients) client.destroy();
      // Also after a cancel: what was answered (and billed) is never asked again.
      await cache.save();
    }
  }

  // The verdicts become reasons; what moved out of the send list is what verification saved.
  let bouncesAvoided = 0;
  const verdicts: Record<Confidence, number> = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const [id, insight] of answers) {
    verdicts[insight.verdict]++;
    const reasons = reasonsFromInsight(insight);
    for (const row of rowsOf(mailboxes, id)) {
      const wasSend = verdictOf(store.mask(row)) === 'send';
      for (const code of reasons) store.addReason(row, code);
      store.setMailboxInsight(row, insight);
      if (wasSend && verdictOf(store.mask(row)) !== 'send') bouncesAvoided += store.risk(row) ?? 0;
    }
  }

  const wouldAsk = mode === 'asked' ? asked : chosen.length;
  if (mode === 'estimate' && chosen.length > 0) {
    warnings.push(
      `Mailboxes were not verified (estimate only): SES Email Validation would be asked about ${chosen.length.toLocaleString('en-US')} address${chosen.length === 1 ? '' : 'es'}, ` +
        `about ${formatUsd(chosen.length * price.usdPerAddress)} at ${formatUsd(price.usdPerAddress)} per address (${priceNote(price)}).`,
    );
  }
  if (mode === 'offline' && unanswered.length > 0) {
    warnings.push(
      `Offline: ${unanswered.length.toLocaleString('en-US')} mailbox${unanswered.length === 1 ? '' : 'es'} without a saved SES answer ${unanswered.length === 1 ? 'was' : 'were'} not verified.`,
    );
  }

  const autoValidation = await readAutoValidation(settings, account, options, warnings);
  return {
    report: {
      mode,
      candidates: mailboxes.count,
      asked,
      fromCache,
      limit: verify.limit,
      notVerified: mailboxes.count - answers.size,
      unusable,
      wouldAsk,
      estimatedCostUsd: Math.round(wouldAsk * price.usdPerAddress * 100) / 100,
      price,
      verdicts,
      expectedBouncesAvoided: Math.round(bouncesAvoided * 100) / 100,
      autoValidation: autoValidation ? { ...autoValidation, wouldSuppress: null } : null,
    },
    warnings,
  };
}

/**
 * Auto Validation's count, once the decisions are applied again on SES's verdicts (check.ts
 * calls it then): a mailbox_uncertain row a person accepted is in send.csv, and SES drops it
 * at send time under a HIGH threshold. Counts, by the rows' final verdicts, the rows SES would
 * drop by their answers and the rows it will judge itself (no answer), and says so.
 */
export function settleAutoValidation(store: RowStore, outcome: MailboxStageOutcome, region: string): void {
  const setting = outcome.report.autoValidation;
  if (!setting?.enabled) return;
  const wouldSuppress = { send: 0, review: 0 };
  const notVerified = { send: 0, review: 0 };
  for (let row = 0; row < store.count; row++) {
    const verdict = store.verdict(row);
    if (verdict === 'remove') continue;
    const insight = store.mailboxInsight(row);
    if (!insight) {
      const address = store.normalized[row]!;
      if (address.lastIndexOf('@') > 0) notVerified[verdict]++;
    } else if (suppressedAt(setting.threshold, insight.verdict)) wouldSuppress[verdict]++;
  }
  setting.wouldSuppress = wouldSuppress;
  setting.notVerified = notVerified;
  const answered = outcome.report.verdicts.HIGH + outcome.report.verdicts.MEDIUM + outcome.report.verdicts.LOW;
  const where = setting.scope === 'account' ? `the account in ${region}` : `configuration set ${setting.configurationSet}`;
  const unverified = notVerified.send + notVerified.review;
  outcome.warnings.push(
    `SES Auto Validation is on for ${where} (threshold ${setting.threshold ?? 'unknown'}): at send time SES silently drops recipients below it` +
      (answered === 0
        ? '; no mailbox of this list has an SES answer yet, so how many it would drop is not known.'
        : (wouldSuppress.send + wouldSuppress.review > 0
            ? `, ${wouldSuppress.send.toLocaleString('en-US')} of send.csv and ${wouldSuppress.review.toLocaleString('en-US')} of review.csv by the answers of this check`
            : '; none of the verified rows in send.csv or review.csv is below it') +
          (unverified > 0
            ? `; ${unverified.toLocaleString('en-US')} row${unverified === 1 ? '' : 's'} without an answer SES judges itself.`
            : '.')),
  );
}

/** The configuration set's Auto Validation when one is named (it wins for mail sent with it), else the account's. */
async function readAutoValidation(
  settings: CheckSettings,
  account: MailboxAccountContext,
  options: MailboxStageOptions,
  warnings: string[],
): Promise<AutoValidation | null> {
  const name = settings.ses?.verifyMailboxes?.configurationSet;
  if (!name) return account.autoValidation;
  if (settings.offline) {
    warnings.push(`Offline: the Auto Validation setting of configuration set ${name} was not read; the account's is shown.`);
    return account.autoValidation;
  }
  const client = createSesClient({ profile: settings.ses?.profile, region: account.region });
  try {
    return (await configurationSetAutoValidation(client, name, { signal: options.signal })) ?? account.autoValidation;
  } catch (error) {
    const failure = describeSesError(error, { action: 'ses:GetConfigurationSet', region: account.region, profile: settings.ses?.profile });
    if (failure.kind === 'cancelled') throw failure;
    warnings.push(
      failure.kind === 'not_found'
        ? `There is no configuration set named ${name} in ${account.region}: its Auto Validation setting could not be read; the account's is shown.`
        : `The Auto Validation setting of configuration set ${name} was not read: ${appSentence(failure)}`,
    );
    return account.autoValidation;
  } finally {
    client.destroy();
  }
}
