// `preflight check` on a list with look-alike domains (issue 13, item 8): the
// Cyrillic gmаil.com row goes to review.csv with the real Gmail address as its
// suggestion, never to send.csv; an honest German domain is still sent.
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cli, readCsv, tempDir } from '../support/cli';

describe('check with look-alike domains', () => {
  it('a Cyrillic а in gmail.com never reaches send.csv: it is in review.csv with the Gmail address suggested', async () => {
    const dir = await tempDir('preflight-lookalike-');
    const input = join(dir, 'list.csv');
    await writeFile(
      input,
      ['email', 'ann@gm\u0430il.com', `bob@${new URL('http://yah\u03bfo.com').hostname}`, 'dan@münchen.de'].join('\n') + '\n',
    );
    const out = join(dir, 'out');
    const result = await cli(['check', input, '--out', out, '--offline', '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    const send = (await readCsv(join(out, 'send.csv'))).rows.map((row) => row['email']);
    const review = (await readCsv(join(out, 'review.csv'))).rows;
    expect(send).toEqual(['dan@münchen.de']);
    expect(review.map((row) => [row['preflight_reasons'], row['preflight_suggestion']])).toEqual([
      ['lookalike_domain', 'ann@gmail.com'],
      ['lookalike_domain', 'bob@yahoo.com'],
    ]);
  });
});
