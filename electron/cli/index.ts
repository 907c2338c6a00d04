#!/usr/bin/env node
// The CLI entry: `preflight check|plan|ses …` (package.json's bin, built to
// dist-electron/cli.cjs) or `npm run preflight -- …` from source. The same engine as the app.
import { redactCredentials } from '../services/ses/credential-redaction';
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli turns every expected failure into a sentence; this is a bug.
    process.stderr.write(redactCredentials(`preflight: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    process.exitCode = 70;
  },
);
