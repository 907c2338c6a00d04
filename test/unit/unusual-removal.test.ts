// A run that removes far more rows than a list loses (issue 13, item 4): the
// first warning, never a silent clean bill. The rule is shared/risk/unusual-removal.ts;
// the CLI and app sides are in test/cli/check-lying-resolver.test.ts and
// test/ui/insights-logic.test.ts.
import { describe, expect, it } from 'vitest';
import { unusualRemoval, UNUSUAL_REMOVAL_MIN_ROWS } from '../../shared/risk/unusual-removal';

describe('most of a list removed', () => {
  it('a list removed wholesale as domain_not_found is flagged, with the resolver named as the thing to check', () => {
    const alarm = unusualRemoval(5000, 4900, { domain_not_found: 4800, duplicate: 100 });
    expect(alarm).not.toBeNull();
    expect(alarm?.share).toBeCloseTo(0.98);
    expect(alarm?.leading.map((entry) => entry.code)).toEqual(['domain_not_found', 'duplicate']);
    expect(alarm?.warning).toMatch(/^98% of the rows \(4,900 of 5,000\) are marked remove/);
    expect(alarm?.warning).toContain('DNS');
    expect(alarm?.warning).toContain('domain_not_found 4,800');
  });

  it('a consent column read the wrong way round points at the consent columns', () => {
    expect(unusualRemoval(1000, 900, { no_consent: 900 })?.warning).toContain('consent, opt-out and status columns');
  });

  it('a normal clean (a third removed) says nothing, nor does a tiny test file', () => {
    expect(unusualRemoval(3000, 1000, { domain_not_found: 1000 })).toBeNull();
    expect(unusualRemoval(3000, 1500, { domain_not_found: 1500 })).toBeNull();
    expect(unusualRemoval(UNUSUAL_REMOVAL_MIN_ROWS - 1, UNUSUAL_REMOVAL_MIN_ROWS - 1, { syntax_invalid: 19 })).toBeNull();
  });
});
