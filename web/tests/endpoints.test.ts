import { describe, expect, it } from 'vitest';
import { itemsOf, query } from '../src/api/endpoints';

describe('query', () => {
  it('skips empty values and joins lists', () => {
    expect(query({ q: '', limit: 50, cursor: undefined })).toBe('?limit=50');
    expect(query({ dry_run: true, weekdays: ['tue', 'thu'], time_from: '09:00' })).toBe('?dry_run=true&weekdays=tue%2Cthu&time_from=09%3A00');
    expect(query({})).toBe('');
  });
});

describe('itemsOf', () => {
  it.each([
    [[1, 2], [1, 2]],
    [{ items: [1] }, [1]],
    [{ alternatives: [2] }, [2]],
    [{ appointments: [3] }, [3]],
    [{ other: [4] }, []],
    [undefined, []],
  ])('%o → %o', (answer, want) => expect(itemsOf(answer)).toEqual(want));
});
