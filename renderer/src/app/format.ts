// How numbers, sizes and file facts read on screen. One place, so every screen
// says "1,204 rows" and "UTF-8 with BOM" the same way.
import type { Delimiter, Encoding } from '../../../shared/model/check';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** "1 row", "1,204 rows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** A share of a whole: "81.2%", "0.4%", "<0.1%" (never a misleading "0%" for a non-zero count). */
export function formatPercent(part: number, whole: number): string {
  if (whole <= 0) return '0%';
  const share = (part / whole) * 100;
  if (part > 0 && share < 0.1) return '<0.1%';
  if (share === 100 || share === 0) return `${share}%`;
  return `${share.toFixed(1)}%`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return plural(bytes, 'byte');
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const ENCODING_NAMES: Record<Encoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with BOM',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western)',
};

export function encodingName(encoding: Encoding): string {
  return ENCODING_NAMES[encoding] ?? encoding;
}

const DELIMITER_NAMES: Record<Delimiter, string> = {
  ',': 'Comma',
  ';': 'Semicolon',
  '\t': 'Tab',
  '|': 'Vertical bar',
};

export function delimiterName(delimiter: Delimiter): string {
  return DELIMITER_NAMES[delimiter] ?? JSON.stringify(delimiter);
}

/** The last segment of a path, on any platform. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

// A moment on screen: the app's one date format, in the user's locale (app/dates.ts).
export { formatMoment as formatWhen } from './dates';
