import { describe, expect, it } from 'vitest';
import { idempotencyKeys } from '../src/lib/hooks';

describe('idempotencyKeys', () => {
  it('sends one key while the same body is retried and a new one once it changed', () => {
    let n = 0;
    const keyFor = idempotencyKeys(() => `key-${++n}`);
    const first = { date: '2026-11-20', qualitative_grade: 2 };
    expect(keyFor(first)).toBe('key-1');
    expect(keyFor({ ...first })).toBe('key-1'); // a retry after a lost answer: stored once
    expect(keyFor({ ...first, qualitative_grade: 3 })).toBe('key-2'); // edited: a new request
    expect(keyFor(first)).toBe('key-3'); // back to the first body: still a new request
  });
});
