// The command line's options, read the way Preflight explains them. node:util's
// parseArgs answers a typo or a missing value with its own wording ("To specify
// an option argument starting with a dash use …") and refuses `--max-24h -1`, the
// documented "unlimited"; this reader keeps parseArgs' option table (a command
// adds an option with one line: `'status-column': { type: 'string' }`) and says
// each mistake in one sentence, as a UserError('bad_argument') (exit 2).
//
// The rules:
//   --name value, --name=value   a string option's value; a value may be "-" (stdin)
//                                or a negative number ("-1"), never another option
//   --flag                       a boolean option; "--flag=value" is refused
//   -h                           a short option, when the table gives one
//   --                           everything after it is a positional
//   -                            a positional (the list on stdin)
// A string option given twice is refused (which one was meant?) unless it is
// `multiple`; a boolean given twice is harmless and accepted.

import { UserError } from '../../shared/model/errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Repeatable: the values are collected in order. */
  multiple?: boolean;
  /** A one-letter alias, e.g. "h" for --help. */
  short?: string;
  /** How the usage names the value (DIR, FILE, N), for "--out needs a value: --out DIR." */
  value?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type OptionValues<S extends OptionSpecs> = {
  -readonly [K in keyof S]?: S[K]['type'] extends 'boolean' ? boolean : S[K]['multiple'] extends true ? string[] : string;
};

export interface ParsedOptions<S extends OptionSpecs> {
  values: OptionValues<S>;
  positionals: string[];
}

/**
 * @param helpCommand the command whose --help lists these options, e.g. "preflight check"
 */
export function parseOptions<S extends OptionSpecs>(argv: readonly string[], specs: S, helpCommand: string): ParsedOptions<S> {
  const values: Record<string, string | boolean | string[]> = {};
  const positionals: string[] = [];
  const bad = (sentence: string) => new UserError('bad_argument', sentence);
  const shorts = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));

  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-' || isNegativeNumber(token)) {
      positionals.push(token);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      name = equals === -1 ? token.slice(2) : token.slice(2, equals);
      inline = equals === -1 ? undefined : token.slice(equals + 1);
    } else {
      const long = token.length === 2 ? shorts.get(token[1]!) : undefined;
      if (long === undefined) throw bad(unknownOption(token, specs, helpCommand));
      name = long;
    }
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (!spec) throw bad(unknownOption(`--${name}`, specs, helpCommand));
    const flag = `--${name}`;

    if (spec.type === 'boolean') {
      if (inline !== undefined) throw bad(`${flag} is a switch and takes no value (got "${token}").`);
      values[name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || looksLikeOption(next)) {
        throw bad(
          `${flag} needs a value${spec.value ? `: ${flag} ${spec.value}` : ''}${next === undefined ? '' : ` (the next word is the option ${next})`}.`,
        );
      }
      value = next;
      i++;
    }
    if (spec.multiple) {
      ((values[name] as string[] | undefined) ?? (values[name] = [])).push(value);
    } else if (values[name] !== undefined) {
      throw bad(`${flag} is given twice ("${String(values[name])}" and "${value}"); give it once.`);
    } else {
      values[name] = value;
    }
  }
  return { values: values as OptionValues<S>, positionals };
}

/** "-1", "-0.5": a value, not an option. */
function isNegativeNumber(token: string): boolean {
  return /^-\d+(?:\.\d+)?%?$/.test(token);
}

function looksLikeOption(token: string): boolean {
  return token.startsWith('-') && token !== '-' && !isNegativeNumber(token);
}

function unknownOption(flag: string, specs: OptionSpecs, helpCommand: string): string {
  const guess = closestOption(flag.replace(/^-+/, ''), Object.keys(specs));
  return guess
    ? `Unknown option ${flag}. Did you mean --${guess}?`
    : `Unknown option ${flag}. Run "${helpCommand} --help" for the options.`;
}

/** The known name within two edits (one for short names) of what was typed, if exactly one is closest. */
export function closestOption(typed: string, names: readonly string[]): string | undefined {
  const limit = typed.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = limit + 1;
  let tie = false;
  for (const name of names) {
    const distance = editDistance(typed.toLowerCase(), name);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
      tie = false;
    } else if (distance === bestDistance) tie = true;
  }
  return best !== undefined && !tie ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = value;
    }
  }
  return d[rows * cols - 1]!;
}
