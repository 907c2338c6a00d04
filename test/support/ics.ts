// A strict reader for the iCalendar files Preflight writes, following RFC 5545:
// CRLF line ends (§3.1), content lines of at most 75 octets folded with a leading
// space, NAME[;PARAM=…]:VALUE lines, BEGIN/END components properly nested, the
// properties each component must have exactly once, and UTC DATE-TIME values.
// Returns the events with their unfolded, unescaped values, or throws saying what is wrong.

export interface IcsEvent {
  uid: string;
  dtstamp: string;
  dtstart: number;
  dtend: number;
  summary: string;
  description: string;
  properties: Map<string, string[]>;
}

const UTC_DATE_TIME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

export function parseUtcDateTime(value: string): number {
  const match = UTC_DATE_TIME.exec(value);
  if (!match) throw new Error(`not a UTC DATE-TIME: ${value}`);
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
}

export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

export function parseIcs(text: string): { calendar: Map<string, string[]>; events: IcsEvent[] } {
  if (!text.endsWith('\r\n')) throw new Error('the file does not end with CRLF');
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) throw new Error('a line ends without CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  physical.forEach((line, i) => {
    const octets = new TextEncoder().encode(line).length;
    if (octets > 75) throw new Error(`line ${i + 1} has ${octets} octets (at most 75)`);
  });
  // Unfold: a line starting with a space or tab continues the previous one.
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('the file starts with a continuation line');
      lines[lines.length - 1] += line.slice(1);
    } else lines.push(line);
  }

  const stack: string[] = [];
  const calendar = new Map<string, string[]>();
  const events: IcsEvent[] = [];
  let current: Map<string, string[]> | null = null;
  for (const line of lines) {
    const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^";:,]*)(?:,(?:"[^"]*"|[^";:,]*))*)*):(.*)$/.exec(line);
    if (!match) throw new Error(`not a content line: ${line}`);
    const name = match[1]!.toUpperCase();
    const value = match[3]!;
    if (name === 'BEGIN') {
      if (stack.length === 0 && value !== 'VCALENDAR') throw new Error('the file does not start with BEGIN:VCALENDAR');
      stack.push(value);
      if (value === 'VEVENT') current = new Map();
      continue;
    }
    if (name === 'END') {
      if (stack.pop() !== value) throw new Error(`END:${value} closes another component`);
      if (value === 'VEVENT' && current) {
        events.push(toEvent(current));
        current = null;
      }
      continue;
    }
    if (stack.length === 0) throw new Error(`${name} outside VCALENDAR`);
    const target = stack.at(-1) === 'VEVENT' ? current! : calendar;
    target.set(name, [...(target.get(name) ?? []), value]);
  }
  if (stack.length !== 0) throw new Error(`unclosed ${stack.join(' > ')}`);
  for (const required of ['VERSION', 'PRODID']) {
    if (calendar.get(required)?.length !== 1) throw new Error(`VCALENDAR needs exactly one ${required}`);
  }
  if (calendar.get('VERSION')![0] !== '2.0') throw new Error('VERSION is not 2.0');
  const uids = new Set(events.map((e) => e.uid));
  if (uids.size !== events.length) throw new Error('two events share a UID');
  return { calendar, events };
}

function toEvent(properties: Map<string, string[]>): IcsEvent {
  const one = (name: string): string => {
    const values = properties.get(name);
    if (values?.length !== 1) throw new Error(`a VEVENT needs exactly one ${name}`);
    return values[0]!;
  };
  const event: IcsEvent = {
    uid: one('UID'),
    dtstamp: one('DTSTAMP'),
    dtstart: parseUtcDateTime(one('DTSTART')),
    dtend: parseUtcDateTime(one('DTEND')),
    summary: unescapeText(one('SUMMARY')),
    description: unescapeText(properties.get('DESCRIPTION')?.[0] ?? ''),
    properties,
  };
  parseUtcDateTime(event.dtstamp);
  if (!(event.dtend > event.dtstart)) throw new Error(`event ${event.uid} ends before it starts`);
  return event;
}
