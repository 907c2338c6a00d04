// The fast path of the CSV reader: a strict RFC 4180 scanner over decoded text whose line
// ends are already LF. It finds a record's fields as offsets into the text and makes no
// string until a caller asks for a cell, so the engine pays only for the cells it reads
// (pass 1: the address and consent columns) and can copy a whole record's text to the
// outputs when no cell needs changing (pass 2).
//
// It reads only what is unambiguous: unquoted fields, and quoted fields whose closing quote
// is followed by the delimiter, a line end or the end of the file. Anything else (a quote
// followed by other text, which papaparse reads leniently) is LENIENT, and records.ts hands
// the rest of the chunk to papaparse, whose reading is then the rule. Both readers agree on
// every record the scanner accepts (import-scanner.test.ts checks it on generated CSV).
//
// Same idea as the address fast path (shared/address/analyzer.ts): the library keeps the
// last word on odd input; the common case does not pay for its generality.

const QUOTE = 0x22;
const LF = 0x0a;
const SPACE = 0x20;
const TAB = 0x09;

/** The record needs more text than has arrived. */
export const INCOMPLETE = -1;
/** The record has a quote only papaparse's lenient rules read. */
export const LENIENT = -2;

/** One record, as the readers deliver it. Valid only during the callback: copy what you keep. */
export interface CsvRecord {
  /** 0 for the header, then 1, 2 … for data records. */
  readonly index: number;
  /** The 1-based line of the file where the record starts. */
  readonly line: number;
  readonly fieldCount: number;
  /** One cell ('' past the last one). A slice of the read chunk: copy it to keep it. */
  field(i: number): string;
  /** Every cell, in a new array. */
  fields(): string[];
  /**
   * True when raw() may be written to a CSV output as it stands: strict RFC 4180 text of
   * exactly these cells, in which no cell starts with a formula character (= + - @ TAB CR)
   * and no unquoted cell has a quote or starts or ends with a space or tab, so the
   * writer's own rules (csv-writer.ts) would change nothing but optional quotes.
   */
  readonly copyable: boolean;
  /** The record's text (LF line ends, the file's delimiter), without its own line end; '' when not kept. */
  raw(): string;
}

function isFormulaLead(code: number): boolean {
  // = + - @ TAB CR
  return code === 0x3d || code === 0x2b || code === 0x2d || code === 0x40 || code === TAB || code === 0x0d;
}

/** The scanner's record: one reused object, its fields kept as offsets into the text. */
export class ScannedRecord implements CsvRecord {
  index = 0;
  line = 0;
  fieldCount = 0;
  copyable = true;
  /** Line ends inside quoted fields. */
  innerNewlines = 0;
  private text = '';
  private start = 0;
  private end = 0;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  /** The text nextQuote belongs to, and the first quote at or after the last record start (-1: none). */
  private quoteText = '';
  private nextQuote = -1;
  private readonly delimiter: number;

  constructor(private readonly delimiterChar: string) {
    this.delimiter = delimiterChar.charCodeAt(0);
  }

  field(i: number): string {
    if (i >= this.fieldCount) return '';
    const from = this.starts[i]!;
    const to = this.ends[i]!;
    if (this.text.charCodeAt(from) !== QUOTE) return this.text.slice(from, to);
    const inner = this.text.slice(from + 1, to - 1);
    return inner.includes('"') ? inner.replaceAll('""', '"') : inner;
  }

  fields(): string[] {
    const out = new Array<string>(this.fieldCount);
    for (let i = 0; i < this.fieldCount; i++) out[i] = this.field(i);
    return out;
  }

  raw(): string {
    return this.text.slice(this.start, this.end);
  }

  /** Record length in characters, quotes included. */
  get length(): number {
    return this.end - this.start;
  }

  /**
   * Scan the record that starts at `from`. Returns the index of its line end (or text.length
   * at the end of the file), INCOMPLETE or LENIENT. Throws UnclosedQuote when `final` and a
   * quoted field never closes.
   */
  scan(text: string, from: number, final: boolean): number {
    const n = text.length;
    // Most records hold no quote at all: their fields lie between delimiters up to the
    // line end, found by indexOf (native and much faster than a loop over characters).
    if (text !== this.quoteText) {
      this.quoteText = text;
      this.nextQuote = text.indexOf('"', from);
    } else if (this.nextQuote !== -1 && this.nextQuote < from) {
      this.nextQuote = text.indexOf('"', from);
    }
    const lf = text.indexOf('\n', from);
    if (lf === -1 && !final) return INCOMPLETE;
    const lineEnd = lf === -1 ? n : lf;
    if (this.nextQuote === -1 || this.nextQuote >= lineEnd) return this.splitUnquoted(text, from, lineEnd);
    return this.scanQuoted(text, from, final);
  }

  /** A record without quotes: its fields are the text between delimiters. */
  private splitUnquoted(text: string, from: number, lineEnd: number): number {
    const delimiter = this.delimiterChar;
    let count = 0;
    let copyable = true;
    let start = from;
    for (;;) {
      if (count === this.starts.length) this.grow();
      let end = text.indexOf(delimiter, start);
      if (end === -1 || end > lineEnd) end = lineEnd;
      if (end > start) {
        const first = text.charCodeAt(start);
        const last = text.charCodeAt(end - 1);
        if (isFormulaLead(first) || first === SPACE || last === SPACE || last === TAB) copyable = false;
      }
      this.starts[count] = start;
      this.ends[count] = end;
      count++;
      if (end === lineEnd) break;
      start = end + 1;
    }
    this.text = text;
    this.start = from;
    this.end = lineEnd;
    this.fieldCount = count;
    this.copyable = copyable;
    this.innerNewlines = 0;
    return lineEnd;
  }

  /** A record with a quote somewhere: character by character. */
  private scanQuoted(text: string, from: number, final: boolean): number {
    const n = text.length;
    const delimiter = this.delimiter;
    let i = from;
    let count = 0;
    let copyable = true;
    let newlines = 0;
    for (;;) {
      if (count === this.starts.length) this.grow();
      if (text.charCodeAt(i) === QUOTE) {
        let q = i;
        for (;;) {
          q = text.indexOf('"', q + 1);
          if (q === -1) {
            if (!final) return INCOMPLETE;
            throw new UnclosedQuote(i);
          }
          const next = text.charCodeAt(q + 1);
          if (next === QUOTE) {
            q++; // "" is a quote inside the field
            continue;
          }
          if (next === delimiter || next === LF) break;
          if (q + 1 === n) {
            if (!final) return INCOMPLETE; // the next chunk may start with a quote
            break;
          }
          return LENIENT;
        }
        if (q > i + 1 && isFormulaLead(text.charCodeAt(i + 1))) copyable = false;
        for (let nl = text.indexOf('\n', i + 1); nl !== -1 && nl < q; nl = text.indexOf('\n', nl + 1)) newlines++;
        this.starts[count] = i;
        this.ends[count] = q + 1;
        i = q + 1;
      } else {
        const fieldStart = i;
        for (; i < n; i++) {
          const code = text.charCodeAt(i);
          if (code === delimiter || code === LF) break;
          if (code === QUOTE) copyable = false;
        }
        if (i === n && !final) return INCOMPLETE;
        if (i > fieldStart) {
          const first = text.charCodeAt(fieldStart);
          const last = text.charCodeAt(i - 1);
          if (isFormulaLead(first) || first === SPACE || last === SPACE || last === TAB) copyable = false;
        }
        this.starts[count] = fieldStart;
        this.ends[count] = i;
      }
      count++;
      if (i < n && text.charCodeAt(i) === delimiter) {
        i++;
        continue;
      }
      break;
    }
    this.text = text;
    this.start = from;
    this.end = i;
    this.fieldCount = count;
    this.copyable = copyable;
    this.innerNewlines = newlines;
    return i;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const ends = new Int32Array(this.ends.length * 2);
    starts.set(this.starts);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/** A quoted field that opens at `at` and never closes before the end of the file. */
export class UnclosedQuote extends Error {
  constructor(readonly at: number) {
    super('unclosed quote');
  }
}

/** A record papaparse read (the lenient path): its cells as an array. */
export class ParsedRecord implements CsvRecord {
  index = 0;
  line = 0;
  readonly copyable = false;
  values: string[] = [];

  get fieldCount(): number {
    return this.values.length;
  }

  field(i: number): string {
    return this.values[i] ?? '';
  }

  fields(): string[] {
    return this.values.slice();
  }

  raw(): string {
    return '';
  }
}
