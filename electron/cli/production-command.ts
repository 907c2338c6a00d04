// `preflight ses request-production --mail-type marketing|transactional --website URL
//   [--use-case-file FILE | --from-report report.json [--from-plan plan.json]] [--write-draft FILE]
//   [--contact-language en|ja] [--additional-contacts a@x.com,b@y.com] [--dry-run] [--yes] [--resubmit]
//   [--profile P] [--region R]`
// Asks AWS for production access in one region (SESv2 PutAccountDetails). Only
// --yes, or "yes" typed on a terminal, sends; --dry-run prints the exact request
// and sends nothing (no request at all: it works without credentials); without
// --yes and without a terminal it refuses. Exit: 0 sent (or dry run / draft
// written), 1 refused by SES or by the account's state, 2 bad usage.
import { open, readFile, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { UserError } from '../../shared/model/errors';
import {
  buildProductionAccessRequest,
  readMailType,
  reviewAdvice,
  splitContacts,
  unfilledPart,
  type ProductionAccessRequest,
} from '../../shared/ses/production-access';
import { draftUseCase } from '../../shared/ses/use-case-draft';
import { clientProfile, createSesClient, resolveRegion } from '../services/ses/client';
import { PRODUCTION_ACCESS_ACTION, submitProductionAccess } from '../services/ses/production-access';
import { readDraftPlan, readDraftReport } from '../services/ses/use-case-input';
import { parseOptions } from './options';
import { resolveFromCommandLine } from './working-folder';

export interface ProductionCommandIo {
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
}

export const REQUEST_PRODUCTION_USAGE = `Usage:
  preflight ses request-production --mail-type marketing|transactional --website URL
      [--use-case-file FILE | --from-report out/report.json [--from-plan plan/plan.json]]
      [--write-draft FILE] [--contact-language en|ja] [--additional-contacts a@x.com,b@y.com]
      [--dry-run] [--yes] [--resubmit] [--profile P] [--region R]

  --from-report FILE   Draft the use case from a check's report.json ([[…]] marks what only you can write)
  --from-plan FILE     Add the send plan's first weeks to the draft
  --write-draft FILE   Write the drafted use case to FILE (a new file) to edit, then send with --use-case-file FILE
  --dry-run            Print the exact request and send nothing
  --yes                Send without asking (needed when there is no terminal to ask on)
  --resubmit           Send even though a request was already answered or is under review
`;

const OPTIONS = {
  'mail-type': { type: 'string', value: 'marketing|transactional' },
  website: { type: 'string', value: 'URL' },
  'use-case-file': { type: 'string', value: 'FILE' },
  'from-report': { type: 'string', value: 'FILE' },
  'from-plan': { type: 'string', value: 'FILE' },
  'write-draft': { type: 'string', value: 'FILE' },
  'contact-language': { type: 'string', value: 'en|ja' },
  'additional-contacts': { type: 'string', value: 'a@x.com,b@y.com' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean' },
  resubmit: { type: 'boolean' },
  profile: { type: 'string', value: 'P' },
  region: { type: 'string', value: 'R' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A use-case file is a few paragraphs; SES takes 5,000 characters. */
const MAX_USE_CASE_FILE_BYTES = 64 * 1024;

const usage = (sentence: string) => new UserError('bad_argument', sentence);

async function readUseCaseFile(path: string): Promise<string> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new UserError('file_unreadable', `${path} is not a file: --use-case-file takes a text file.`);
    if (info.size > MAX_USE_CASE_FILE_BYTES)
      throw new UserError(
        'file_unreadable',
        `${path} is ${info.size.toLocaleString('en-US')} bytes; a use case is at most 5,000 characters.`,
      );
    return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as { code?: string }).code;
    throw new UserError(
      code === 'ENOENT' ? 'file_not_found' : 'file_unreadable',
      code === 'ENOENT' ? `There is no file ${path}.` : `Could not read ${path} (${code ?? 'error'}).`,
    );
  }
}

/** Writes a new file only: an existing file (the user's edited draft, say) is never replaced. */
async function writeNewFile(path: string, text: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST')
      throw new UserError(
        'output_unwritable',
        `${path} already exists: Preflight does not replace it; choose a new file name for the draft.`,
      );
    throw new UserError('output_unwritable', `Could not create ${path} (${code ?? 'error'}).`);
  }
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** The request as it goes over the wire: route, and the JSON body the SDK's serializer writes. */
export function formatRequest(request: ProductionAccessRequest, region: string, profile: string): string {
  return (
    `POST /v2/email/account/details (SESv2 PutAccountDetails, IAM action ${PRODUCTION_ACCESS_ACTION}) to SES in ${region}, profile ${profile}:\n` +
    `${JSON.stringify(request, null, 2)}\n`
  );
}

async function askOnTerminal(io: ProductionCommandIo, question: string): Promise<boolean> {
  const lines = createInterface({ input: io.stdin!, output: io.stderr, terminal: true });
  try {
    const answer = await lines.question(question);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    lines.close();
  }
}

export async function runRequestProduction(args: string[], io: ProductionCommandIo): Promise<number> {
  const env = io.env ?? process.env;
  const { values, positionals } = parseOptions(args, OPTIONS, 'preflight ses request-production');
  if (values.help) {
    io.stdout.write(REQUEST_PRODUCTION_USAGE);
    return 0;
  }
  if (positionals.length) throw usage(`\`ses request-production\` takes no file or word "${positionals[0]}"; only options.`);
  if (values['use-case-file'] && values['from-report'])
    throw usage('Give the use case one way: --use-case-file (your text) or --from-report (a draft), not both.');
  if (values['from-plan'] && !values['from-report']) throw usage('--from-plan adds to a draft: give --from-report too.');
  if (values['write-draft'] && !values['from-report'])
    throw usage('--write-draft writes the draft made from --from-report: give --from-report too.');
  if (values['write-draft'] && (values.yes || values['dry-run']))
    throw usage('--write-draft only writes the draft: drop --yes and --dry-run, edit the file, then send it with --use-case-file.');
  if (!values['mail-type']) throw usage('Say what you send: --mail-type marketing or --mail-type transactional.');
  const mailType = readMailType(values['mail-type']);
  const path = (value: string) => resolveFromCommandLine(env, value);

  let useCase: string;
  if (values['from-report']) {
    const report = await readDraftReport(path(values['from-report']));
    const plan = values['from-plan'] ? await readDraftPlan(path(values['from-plan'])) : null;
    useCase = draftUseCase(report, { mailType, plan });
    if (values['write-draft']) {
      const target = path(values['write-draft']);
      await writeNewFile(target, useCase);
      io.stdout.write(
        `Wrote the drafted use case to ${target}: replace every [[…]] with what is true for you, then send it with\n` +
          `  preflight ses request-production --mail-type ${mailType.toLowerCase()} --website URL --use-case-file ${values['write-draft']}\n`,
      );
      return 0;
    }
  } else if (values['use-case-file']) {
    useCase = await readUseCaseFile(path(values['use-case-file']));
  } else {
    throw usage('The request needs a use case: --use-case-file FILE (your text), or --from-report out/report.json to draft one.');
  }

  const form = {
    mailType,
    websiteUrl: values.website ?? '',
    contactLanguage: values['contact-language'],
    useCaseDescription: useCase,
    additionalContacts: splitContacts(values['additional-contacts']),
  };
  const dryRun = values['dry-run'] ?? false;
  // A dry run shows a draft with its gaps; only a request being sent must have none.
  const request = buildProductionAccessRequest(form, { allowUnfilled: dryRun });

  const client = createSesClient({ profile: values.profile, region: values.region });
  try {
    const region = await resolveRegion(client);
    const profile = clientProfile(client);
    if (dryRun) {
      io.stdout.write(formatRequest(request, region, profile));
      const gap = unfilledPart(request.UseCaseDescription);
      io.stdout.write(
        gap
          ? `Not sent (--dry-run). Before sending, fill in the use case's [[…]] parts (the first: ${gap}); --write-draft FILE saves the draft to edit.\n`
          : 'Not sent (--dry-run). When sent, Preflight first reads the account and sends nothing if it is already in production or has a request under review.\n',
      );
      return 0;
    }
    const canAsk = Boolean(io.stdin?.isTTY && io.stderr.isTTY);
    if (!values.yes && !canAsk) {
      throw usage('Nothing was sent: there is no terminal to confirm on, so add --yes to send the request (or --dry-run to see it first).');
    }
    const result = await submitProductionAccess(client, request, {
      resubmit: values.resubmit ?? false,
      confirm: async () => {
        if (values.yes) return true;
        io.stdout.write(formatRequest(request, region, profile));
        return askOnTerminal(io, `Send this production-access request to AWS for ${region}? Type yes to send: `);
      },
    });
    if (!result) {
      io.stderr.write('preflight: Nothing was sent.\n');
      return 1;
    }
    const { after } = result;
    const lines = [`Sent the production-access request for ${region} (profile ${profile}).`];
    if (after?.reviewStatus) {
      lines.push(
        `Review: ${after.reviewStatus}${after.reviewCaseId ? ` (case ${after.reviewCaseId})` : ''}. ${reviewAdvice(after.reviewStatus, 'cli')}`,
      );
    } else {
      lines.push(
        `SES has not reported a review status yet${result.afterError ? ` (${result.afterError})` : ''}: see it later with \`preflight ses status --region ${region}\`.`,
      );
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
