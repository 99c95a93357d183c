import { describe, expect, it } from 'vitest';
import type { BankPreview } from '../api/cash';
import {
  bankMappingQuery,
  bankRoleProblems,
  checkBankMapping,
  columnChoices,
  importResult,
  initialBankMapping,
  jobPercent,
} from './bank';

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
      outgoing: 0,
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

const preview: BankPreview = {
  header_row: 3,
  columns: ['交易日期', '对方户名', '贷方发生额', '借方发生额', '摘要'],
  rows_total: 120,
  mapping: { date: '交易日期', payer: '对方户名', amount: '贷方发生额', debit: '借方发生额', reference: '摘要' },
  sample: [['2026-03-01', '上海某某有限公司', '1000.00', '', '货款']],
};

describe('the column mapping', () => {
  it('offers each named column once, in the file\'s order', () => {
    expect(columnChoices(['日期', '', '金额', '日期', '  '])).toEqual(['日期', '金额']);
  });

  it('starts from what the server recognised; a role it missed or a name not in the file is none', () => {
    expect(initialBankMapping(preview)).toEqual(preview.mapping);
    expect(initialBankMapping({ columns: ['日期', '户名'], mapping: { date: '日期', payer: '付款人', amount: null } })).toEqual({
      date: '日期',
      payer: null,
      amount: null,
      debit: null,
      reference: null,
    });
  });

  it('is ready once date, payer and amount each have a column of their own', () => {
    const full = initialBankMapping(preview);
    expect(checkBankMapping(full, preview.columns)).toEqual({ missing: [], repeated: [], ready: true });
    // Money paid out and the reference may be none.
    expect(checkBankMapping({ ...full, debit: null, reference: null }, preview.columns).ready).toBe(true);
    expect(checkBankMapping({ ...full, payer: null, amount: null }, preview.columns)).toEqual({
      missing: ['payer', 'amount'],
      repeated: [],
      ready: false,
    });
    // A name that is not a column counts as not chosen.
    expect(checkBankMapping({ ...full, date: '日期' }, preview.columns).missing).toEqual(['date']);
    // One column cannot be both the money received and the money paid out.
    expect(checkBankMapping({ ...full, debit: '贷方发生额' }, preview.columns)).toEqual({
      missing: [],
      repeated: ['amount', 'debit'],
      ready: false,
    });
  });

  it('sends every chosen role by its column\'s exact name, and leaves out the ones set to none', () => {
    const full = initialBankMapping(preview);
    expect(bankMappingQuery(full)).toEqual({ date: '交易日期', payer: '对方户名', amount: '贷方发生额', debit: '借方发生额', reference: '摘要' });
    expect(new URLSearchParams(bankMappingQuery({ ...full, debit: null, reference: null })).toString()).toBe(
      'date=%E4%BA%A4%E6%98%93%E6%97%A5%E6%9C%9F&payer=%E5%AF%B9%E6%96%B9%E6%88%B7%E5%90%8D&amount=%E8%B4%B7%E6%96%B9%E5%8F%91%E7%94%9F%E9%A2%9D',
    );
  });

  it('puts the import\'s problems beside the role they are about', () => {
    const unknown = { field: 'debit', code: 'unknown_column', message: 'No such column' };
    const missing = { field: 'file.columns.payer', code: 'required', message: 'Required' };
    const other = { field: 'file', code: 'invalid_format', message: 'Unreadable' };
    expect(bankRoleProblems([unknown, missing, other])).toEqual({ byRole: { debit: unknown, payer: missing }, rest: [other] });
  });
});
