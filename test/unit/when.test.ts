// The CLI and the app wrote SES moments with two different helpers; one cut the text, so a
// time with a zone offset was printed as if it were UTC. One helper now, in shared/text.
import { describe, expect, it } from 'vitest';
import { formatWhen } from '../../shared/text/when';

describe('a moment as people read it', () => {
  it('writes UTC, converting a zone offset instead of printing local time as UTC', () => {
    expect(formatWhen('2025-05-14T09:30:00Z')).toBe('2025-05-14 09:30 UTC');
    expect(formatWhen('2025-05-14T11:30:00+02:00')).toBe('2025-05-14 09:30 UTC');
    expect(formatWhen('2025-05-14T09:30:00.123Z')).toBe('2025-05-14 09:30 UTC');
  });
  it('leaves text that is not a date as it is', () => {
    expect(formatWhen('unknown')).toBe('unknown');
  });
});
