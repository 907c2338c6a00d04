import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex } from '../../shared/text/string-index';

describe('StringIndex (the duplicate check’s address index)', () => {
  it('finds, updates and adds keys exactly as a Map does, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 2 ** 30 })), { maxLength: 3000 }),
        (operations) => {
          const index = new StringIndex(4);
          const reference = new Map<string, number>();
          for (const [key, value] of operations) {
            const entry = index.lookup(key);
            expect(entry >= 0).toBe(reference.has(key));
            if (entry >= 0) {
              expect(index.value(entry)).toBe(reference.get(key));
              index.update(entry, value);
            } else index.insert(key, value);
            reference.set(key, value);
          }
          expect(index.size).toBe(reference.size);
          for (const [key, value] of reference) expect(index.value(index.lookup(key))).toBe(value);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses an insert that no failed lookup of the key came before', () => {
    const index = new StringIndex();
    expect(() => index.insert('a@b.co', 1)).toThrow(/without a failed lookup/);
  });
});
