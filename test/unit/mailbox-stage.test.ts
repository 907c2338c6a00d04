// Which mailboxes the budget goes to, and what SES's answer does to a row.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reasonsFromInsight, riskiest } from '../../electron/engine/mailbox-stage';

describe('the budget goes to the riskiest mailboxes', () => {
  it('takes the `limit` highest risks, riskiest first, equal risks in list order', () => {
    const risk = Float32Array.from([0.01, 0.5, 0.01, 0.2, 0.5, 0.01]);
    expect(riskiest([0, 1, 2, 3, 4, 5], risk, 3)).toEqual([1, 4, 3]);
    expect(riskiest([0, 1, 2, 3, 4, 5], risk, 4)).toEqual([1, 4, 3, 0]);
    expect(riskiest([0, 1, 2, 3, 4, 5], risk, 0)).toEqual([]);
    expect(riskiest([5, 2], risk, 10)).toEqual([2, 5]);
  });

  it('agrees with a full stable sort for any risks and limit', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(0, 0.001, 0.01, 0.2, 0.5, 0.9), { maxLength: 60 }), fc.nat(70), (risks, limit) => {
        const risk = Float32Array.from(risks);
        const ids = risks.map((_, i) => i);
        const expected = [...ids].sort((a, b) => risk[b]! - risk[a]! || a - b).slice(0, limit);
        expect(riskiest([...ids], risk, limit)).toEqual(expected);
      }),
    );
  });
});

describe("SES's answer as reasons", () => {
  it.each([
    [{ verdict: 'LOW', evaluations: { MailboxExists: 'LOW' } }, ['mailbox_invalid']],
    [{ verdict: 'MEDIUM', evaluations: {} }, ['mailbox_uncertain']],
    [{ verdict: 'HIGH', evaluations: { IsRandomInput: 'HIGH' } }, ['mailbox_uncertain']],
    [{ verdict: 'HIGH', evaluations: { IsDisposable: 'HIGH', IsRoleAddress: 'HIGH' } }, ['disposable', 'role_account']],
    [{ verdict: 'HIGH', evaluations: { IsDisposable: 'MEDIUM', IsRoleAddress: 'LOW', IsRandomInput: 'MEDIUM' } }, []],
  ] as const)('%j → %j', (insight, reasons) => {
    expect(reasonsFromInsight(insight)).toEqual(reasons);
  });
});
