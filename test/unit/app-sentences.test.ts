// Issue 17: the app gives no command-line advice. Every sentence the app shows
// names the control to use, never a flag such as --region. The app's sentences
// come from three places, and this test reads each in the TypeScript source:
//   - renderer/src: what the screens say. No text there names a flag.
//   - shared/: sentences both audiences use. One naming a flag is the CLI's
//     side of an `audience === 'cli'` choice, or the default of a parameter the
//     app passes its own words for (shared/plan/parameters.ts's labels).
//   - electron/main, engine, services: user errors cross IPC to the renderer as
//     their app sentence (appSentence, shared/model/errors.ts). A UserError or
//     SesUserError whose CLI message names a flag must carry an app sentence;
//     any other sentence there naming a flag fails.
// test/ui/layout.test.ts checks the same on every screen as Chromium shows it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { appSentence, UserError } from '../../shared/model/errors';
import { describeSesError, refineCredentialError } from '../../electron/services/ses/errors';
import { bulkSenderPlanWarnings } from '../../shared/ses/bulk-sender';
import { productionRequestBlocker, reviewAdvice } from '../../shared/ses/production-access';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** A flag inside a sentence: "choose one with --region", not a bare token such as '--expose-gc' passed to V8. */
const FLAG = /(?<![\w-])--[a-z][\w-]*/;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

interface Sentence {
  file: string;
  line: number;
  text: string;
  node: ts.Node;
}

/** Every string the file writes (literals, template text, JSX text) that names a flag in a sentence. */
function flaggedSentences(file: string): Sentence[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(join(ROOT, file), 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
  );
  const found: Sentence[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isJsxText(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('…');
    // An import path or a type's literal is not a sentence.
    const inImport =
      node.parent !== undefined &&
      (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || ts.isLiteralTypeNode(node.parent));
    if (text !== null && !inImport && FLAG.test(text) && /\s/.test(text.trim())) {
      found.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const describeSentence = (sentence: Sentence) => `${sentence.file}:${sentence.line}: ${sentence.text.slice(0, 120)}`;

/** The position of `node` among a call's arguments, and the call, when it is (inside) one of them. */
function argumentOf(node: ts.Node): { call: ts.CallExpression | ts.NewExpression; index: number } | null {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if ((ts.isNewExpression(parent) || ts.isCallExpression(parent)) && parent.arguments) {
      const index = parent.arguments.indexOf(child as ts.Expression);
      if (index >= 0) return { call: parent, index };
    }
    if (ts.isBlock(parent) || ts.isSourceFile(parent)) return null;
  }
  return null;
}

/** Where a user error's app sentence goes: UserError(code, message, app), SesUserError(kind, message, status, app), errors.ts's fail(kind, message, app). */
const APP_ARGUMENT: Record<string, number> = { UserError: 2, SesUserError: 3, fail: 2 };

/** Why a flag in this shared or main-process sentence never reaches the app, or null when it may. */
function cliOnly(sentence: Sentence): string | null {
  const { node } = sentence;
  const call = argumentOf(node);
  if (call && call.index === 1) {
    const name = call.call.expression.getText();
    const appIndex = APP_ARGUMENT[name];
    const app = appIndex === undefined ? undefined : call.call.arguments?.[appIndex];
    if (app && app.getText() !== 'undefined') return `the CLI message of ${name}, beside its app sentence`;
  }
  for (let child: ts.Node = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isConditionalExpression(parent) && parent.whenTrue === child && /\baudience === 'cli'/.test(parent.condition.getText()))
      return "the CLI's side of an audience choice";
    if (ts.isParameter(parent) && parent.initializer === child) return 'the CLI default of a parameter the app passes its own words for';
    if (ts.isFunctionLike(parent) || ts.isSourceFile(parent)) break;
  }
  return null;
}

describe('no command-line advice in the app', () => {
  it('no text of the renderer names a flag', () => {
    const found = sourceFiles('renderer/src').flatMap(flaggedSentences);
    expect(found.map(describeSentence)).toEqual([]);
  });

  it('a sentence of shared/, the main process, the engine or a service that names a flag is the CLI’s, with the app’s beside it', () => {
    const files = ['shared', 'electron/main', 'electron/engine', 'electron/services'].flatMap(sourceFiles);
    const sentences = files.flatMap(flaggedSentences);
    // The scan finds the CLI's sentences it lets through: it is reading the files it should.
    expect(sentences.filter((sentence) => cliOnly(sentence) !== null).length).toBeGreaterThan(10);
    expect(sentences.filter((sentence) => cliOnly(sentence) === null).map(describeSentence)).toEqual([]);
  });

  it('user errors reach the app as their app sentence, and the CLI keeps its flags', () => {
    const noRegion = describeSesError(new Error('Region is missing'));
    expect(noRegion.message).toContain('--region');
    expect(appSentence(noRegion)).toBe(
      'No AWS region is set: choose one in the Region list (for example us-east-1), or add `region = …` to the profile in ~/.aws/config.',
    );
    const noCredentials = describeSesError(
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
      { profile: 'work' },
    );
    expect(noCredentials.message).toContain('--profile');
    expect(appSentence(noCredentials)).not.toMatch(FLAG);
    expect(appSentence(noCredentials)).toContain('Profile list');
    const sso = refineCredentialError(noCredentials, 'work', 'sso', true);
    expect(sso.message).toContain('aws sso login --profile work');
    expect(appSentence(sso)).toBe(
      "The AWS SSO session of profile 'work' has expired or was never started: sign in again with the AWS CLI (aws sso login, for profile 'work'), then check the account again.",
    );
    // A sentence both audiences share is the app's too.
    expect(appSentence(new UserError('file_empty', 'The file is empty.'))).toBe('The file is empty.');
  });

  it('the production-access and bulk-sender advice names the app’s controls in the app and the flags in the CLI', () => {
    const denied = { region: 'eu-west-1', productionAccessEnabled: false, reviewStatus: 'DENIED', reviewCaseId: '123' } as Parameters<
      typeof productionRequestBlocker
    >[0];
    expect(productionRequestBlocker(denied, false, 'cli')).toContain('--resubmit');
    expect(productionRequestBlocker(denied, false, 'app')).not.toMatch(FLAG);
    expect(reviewAdvice('DENIED', 'cli')).toContain('--resubmit');
    expect(reviewAdvice('DENIED')).not.toMatch(FLAG);
    const day = { date: '2026-12-08', recipients: 6_000, providers: { gmail: 6_000, yahoo_aol: 0, microsoft: 0, other: 0 } };
    expect(bulkSenderPlanWarnings([day], null, 'cli')[0]).toContain('check --ses --from');
    expect(bulkSenderPlanWarnings([day], null)[0]).toContain('Use my SES account');
    expect(bulkSenderPlanWarnings([day], null)[0]).not.toMatch(FLAG);
  });
});
