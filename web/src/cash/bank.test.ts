import { describe, expect, it } from 'vitest';
import { importResult, jobPercent } from './bank';

describe('jobPercent', () => {
  it('stays below 100 until the job is done', () => {
    expect(jobPercent(null)).toBe(0);
    expect(jobPercent({ status: 'queued', progress: { done: 0, total: 0 } })).toBe(0);
    expect(jobPercent({ status: 'running', progress: { done: 2000, total: 4000 } })).toBe(50);
    expect(jobPercent({ status: 'running', progress: { done: 4000, total: 4000 } })).toBe(99);
    expect(jobPercent({ status: 'done', progress: { done: 0, total: 0 } })).toBe(100);
  });
});

describe('importResult', () => {
  it('reads the counts and rows of a finished import, with defaults for what is missing', () => {
    expect(importResult({ result: { paid_in: 5, unmatched: 1, duplicates: 1, duplicate_rows: [3], rejected: 1, rejected_rows: [{ row: 7, field: 'amount', code: 'invalid_format' }] } })).toEqual({
      rows: 0,
      paid_in: 5,
      unmatched: 1,
      duplicates: 1,
      duplicate_rows: [3],
      rejected: 1,
      rejected_rows: [{ row: 7, field: 'amount', code: 'invalid_format' }],
    });
    expect(importResult({ result: null })).toBeNull();
    expect(importResult(null)).toBeNull();
  });
});
