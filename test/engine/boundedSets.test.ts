import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDistinct,
  addsDistinct,
  MAX_DISTINCT,
  MAX_VALUE_CHARS,
} from '#shared/engine/store/boundedSets.ts';

describe('addsDistinct', () => {
  it('says whether addDistinct would add the value, full lists and long values included', () => {
    const value = fc.oneof(
      fc.constantFrom('a', 'b', 'c'),
      fc.string({ maxLength: 5 }),
      fc.constantFrom(
        'x'.repeat(MAX_VALUE_CHARS),
        'x'.repeat(MAX_VALUE_CHARS + 1),
        'x'.repeat(MAX_VALUE_CHARS + 2),
      ),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: MAX_DISTINCT + 3 }), value, (values, next) => {
        const list: string[] = [];
        for (const v of values) addDistinct(list, v);
        const copy = [...list];
        addDistinct(copy, next);
        expect(addsDistinct(Object.freeze([...list]), next)).toBe(copy.length > list.length);
      }),
    );
  });
});
