import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BankPreview } from '../api/cash';
import { renderWithProviders } from '../test/render';
import { BankImportWizard } from './BankImportWizard';
import { BankMappingStep } from './BankMappingStep';
import { initialBankMapping } from './bank';

afterEach(() => vi.unstubAllGlobals());

type Call = { url: string; method: string; body?: unknown; headers: Record<string, string> };

function stubApi(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const call = { url, method: init?.method ?? 'GET', body: init?.body, headers: (init?.headers ?? {}) as Record<string, string> };
      calls.push(call);
      return answer(call);
    }),
  );
  return calls;
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

const PREVIEW: BankPreview = {
  header_row: 3,
  columns: ['交易日期', '对方户名', '贷方发生额', '借方发生额', '摘要'],
  rows_total: 120,
  mapping: { date: '交易日期', payer: '对方户名', amount: null, debit: '借方发生额', reference: '摘要' },
  sample: [
    ['2026-03-01', '上海某某有限公司', '1000.00', '', '货款'],
    ['2026-03-02', '房东', '', '5000.00', '房租'],
  ],
};

const DONE_JOB = {
  id: 'job1',
  kind: 'payment-import',
  status: 'done',
  progress: { done: 120, total: 120 },
  result: { rows: 120, outgoing: 17, paid_in: 100, unmatched: 3, duplicates: 0, duplicate_rows: [], rejected: 0, rejected_rows: [] },
  created_at: '2026-03-03T00:00:00Z',
  updated_at: '2026-03-03T00:00:00Z',
  rows_total: 120,
};

const statement = () => new File(['账户明细\n账号: 6222…\n交易日期,对方户名,贷方发生额,借方发生额,摘要\n'], '流水.csv', { type: 'text/csv' });

function chooseFile(file: File) {
  const input = document.querySelector('[data-testid="bank-import-page"] input[type="file"]') as HTMLInputElement;
  fireEvent.change(input, { target: { files: [file] } });
}

/**
 * Opens a select by its test id and picks the option shown as `label`. (Slow in jsdom on a page
 * with this many styles — each style lookup reads them all — so the tests pick sparingly.)
 */
async function pick(testId: string, label: string) {
  fireEvent.mouseDown(screen.getByTestId(testId).querySelector('input')!);
  const options = await screen.findAllByTitle(label);
  fireEvent.click(options[options.length - 1]);
}

const importButton = () => screen.getByTestId('bank-import-start') as HTMLButtonElement;

describe('BankImportWizard', () => {
  it('previews the file, asks for the column it could not recognise, then imports the same file with the full mapping', async () => {
    const file = statement();
    const calls = stubApi((call) => {
      if (call.url === '/api/v1/payments/imports/preview') return json(PREVIEW);
      if (call.url.startsWith('/api/v1/payments/imports?')) return json(DONE_JOB, 202);
      return json({}, 404);
    });
    renderWithProviders(<BankImportWizard />);
    chooseFile(file);

    await screen.findByTestId('bank-mapping');
    const preview = calls.find((c) => c.url === '/api/v1/payments/imports/preview')!;
    expect(preview.method).toBe('POST');
    expect(preview.body).toBe(file);
    expect(preview.headers['X-File-Name']).toBe(encodeURIComponent('流水.csv'));
    expect(screen.getByTestId('bank-header-row').textContent).toBe('流水.csv: column names found on row 3, 120 rows below them');

    // Recognised roles come chosen; the amount waits for the user, and so does the import.
    expect(within(screen.getByTestId('bank-map-date')).getByText('交易日期')).toBeTruthy();
    expect(within(screen.getByTestId('bank-map-debit')).getByText('借方发生额')).toBeTruthy();
    expect(within(screen.getByTestId('bank-map-reference')).getByText('摘要')).toBeTruthy();
    expect(screen.getByTestId('bank-map-item-debit').textContent).toContain('Money paid out (debit): such rows are skipped');
    expect(screen.getByTestId('bank-mapping-missing').textContent).toBe('Choose the column for: Amount');
    expect(importButton().disabled).toBe(true);

    // The first rows under the file's own column names, the roles marked on them.
    const sample = screen.getByTestId('bank-sample');
    expect([...sample.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['交易日期Date', '对方户名Payer', '贷方发生额', '借方发生额Paid out', '摘要Reference']);
    expect([...sample.querySelectorAll('tbody tr.ant-table-row')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual(PREVIEW.sample);
    expect(sample.querySelector('thead [data-testid="bank-sample-role-debit"]')?.textContent).toBe('Paid out');

    await pick('bank-map-amount', '贷方发生额');
    await waitFor(() => expect(importButton().disabled).toBe(false), { timeout: 5000 });
    expect(screen.queryByTestId('bank-mapping-missing')).toBeNull();

    fireEvent.click(importButton());
    await screen.findByTestId('bank-result');
    const upload = calls.find((c) => c.url.startsWith('/api/v1/payments/imports?'))!;
    expect(upload.method).toBe('POST');
    expect(upload.body).toBe(file);
    expect(Object.fromEntries(new URL(upload.url, 'http://x').searchParams)).toEqual({
      date: '交易日期',
      payer: '对方户名',
      amount: '贷方发生额',
      debit: '借方发生额',
      reference: '摘要',
    });
    expect(screen.getByTestId('bank-paid-in').textContent).toBe('100');
    expect(screen.getByTestId('bank-unmatched').textContent).toBe('3');
    expect(screen.getByTestId('bank-outgoing').textContent).toBe('17');
  });

  it('leaves out a role set to none, and keeps the import shut while one column plays two roles', async () => {
    const calls = stubApi((call) => {
      if (call.url === '/api/v1/payments/imports/preview') return json({ ...PREVIEW, mapping: { ...PREVIEW.mapping, amount: '贷方发生额', reference: null } });
      if (call.url.startsWith('/api/v1/payments/imports?')) return json(DONE_JOB, 202);
      return json({}, 404);
    });
    renderWithProviders(<BankImportWizard />);
    chooseFile(statement());
    await screen.findByTestId('bank-mapping');
    expect(within(screen.getByTestId('bank-map-reference')).getByText('None')).toBeTruthy();
    expect(importButton().disabled).toBe(false);

    await pick('bank-map-debit', '贷方发生额');
    await waitFor(() => expect(importButton().disabled).toBe(true), { timeout: 5000 });
    expect(screen.getByTestId('bank-map-item-amount').textContent).toContain('This column is chosen for another role too');
    expect(screen.getByTestId('bank-map-item-debit').textContent).toContain('This column is chosen for another role too');

    await pick('bank-map-debit', 'None');
    await waitFor(() => expect(importButton().disabled).toBe(false), { timeout: 5000 });
    fireEvent.click(importButton());
    await screen.findByTestId('bank-result');
    const upload = calls.find((c) => c.url.startsWith('/api/v1/payments/imports?'))!;
    expect(Object.fromEntries(new URL(upload.url, 'http://x').searchParams)).toEqual({ date: '交易日期', payer: '对方户名', amount: '贷方发生额' });
  });

  it('shows the server\'s column problems beside their pickers, in Chinese', async () => {
    stubApi((call) => {
      if (call.url === '/api/v1/payments/imports/preview') return json({ ...PREVIEW, mapping: { ...PREVIEW.mapping, amount: '贷方发生额' } });
      if (call.url.startsWith('/api/v1/payments/imports?')) {
        return json(
          {
            status: 422,
            code: 'invalid_input',
            title: '输入有误',
            errors: [
              { field: 'debit', code: 'unknown_column', message: 'no such column' },
              { field: 'file.columns.payer', code: 'required', message: 'required' },
            ],
          },
          422,
        );
      }
      return json({}, 404);
    });
    renderWithProviders(<BankImportWizard />, 'zh-CN');
    chooseFile(statement());
    await screen.findByTestId('bank-mapping');
    fireEvent.click(importButton());
    await waitFor(() => expect(screen.getByTestId('bank-map-item-debit').textContent).toContain('文件中没有此名称的列'), { timeout: 5000 });
    expect(screen.getByTestId('bank-map-item-payer').textContent).toContain('请选择对应的列');
    expect(screen.getByTestId('bank-map-item-date').querySelector('.ant-form-item-has-error, .ant-form-item-explain-error')).toBeNull();
    expect(screen.getByTestId('bank-mapping')).toBeTruthy();

    // Choosing another column for a role clears its problem.
    await pick('bank-map-debit', '无');
    await waitFor(() => expect(screen.getByTestId('bank-map-item-debit').textContent).not.toContain('文件中没有此名称的列'), { timeout: 5000 });
    expect(screen.getByTestId('bank-map-item-payer').textContent).toContain('请选择对应的列');
  });

  it('says over the drop zone why a file cannot be read, and goes no further', async () => {
    const calls = stubApi(() =>
      json({ status: 422, code: 'invalid_input', title: 'Invalid input', errors: [{ field: 'file', code: 'invalid_format', message: 'Not a CSV or XLSX file' }] }, 422),
    );
    renderWithProviders(<BankImportWizard />);
    chooseFile(new File(['%PDF'], 'statement.pdf'));
    const problem = await screen.findByTestId('bank-file-problem');
    expect(problem.textContent).toContain('This file cannot be read as a bank statement');
    expect(problem.textContent).toContain('Not a CSV or XLSX file');
    expect(screen.queryByTestId('bank-mapping')).toBeNull();
    expect(calls.filter((c) => c.url.startsWith('/api/v1/payments/imports?'))).toHaveLength(0);
  });
});

describe('BankMappingStep', () => {
  it('names the header row and shows an empty sample plainly', () => {
    const empty: BankPreview = { ...PREVIEW, header_row: 1, rows_total: 0, sample: [] };
    renderWithProviders(<BankMappingStep preview={empty} fileName="a.xlsx" mapping={initialBankMapping(empty)} onChange={vi.fn()} />, 'zh-CN');
    expect(screen.getByTestId('bank-header-row').textContent).toBe('a.xlsx：在第 1 行找到列名，其下共 0 行');
    expect(within(screen.getByTestId('bank-sample')).getByText('列名下方没有数据行')).toBeTruthy();
  });
});
