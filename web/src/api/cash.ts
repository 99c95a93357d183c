// The cash endpoints: payment plans and their receivables, invoices, payments (by hand and
// from bank statements), contract changes and refunds, aging and finance's figures, and the
// cash and e-mail settings. Same transport as `client.ts`.
import { apiUrl, request } from './client';
import type {
  Aging,
  BankImport,
  BankPreview,
  BankLine,
  BankLineMatch,
  CashSettings,
  CashSettingsInput,
  CashSummary,
  ContractChange,
  ContractChangeInput,
  EmailSettings,
  EmailSettingsInput,
  EmailTestResult,
  Invoice,
  InvoiceInput,
  InvoiceListQuery,
  OrderPaymentPlan,
  Page,
  Payment,
  PaymentInput,
  PaymentListQuery,
  PaymentPlan,
  PaymentPlanInput,
  ReceivableChange,
  ReceivableListQuery,
  Receivable,
  Refund,
  RefundInput,
  RefundListQuery,
} from './types';

export type { BankPreview };

type Paging = { limit?: number; cursor?: string | null };

/** `customer` (default), `owner` or `department`. */
export type AgingGroup = 'customer' | 'owner' | 'department';
export interface AgingQuery {
  as_of?: string;
  group_by?: AgingGroup;
}

/** A fresh key for `Idempotency-Key`, so a retried "Record payment" never posts twice. */
export function idempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** What a column of a bank statement is for: `debit` is money paid out (such rows are skipped). */
export type BankRole = 'date' | 'payer' | 'amount' | 'debit' | 'reference';
/** For each role, the name of the file's column that holds it, or null. */
export type BankMapping = Record<BankRole, string | null>;

const fileHeaders = (file: File) => ({ 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) });

export const cashApi = {
  plan: (contractId: string) => request<PaymentPlan>('GET', `/contracts/${contractId}/payment-plan`),
  /** All by ratio (adding to 100) or all by amount (adding to the contract's); ids are kept by position; 409 `planned_by_orders` once an order has a plan. */
  putPlan: (contractId: string, body: PaymentPlanInput) =>
    request<PaymentPlan>('PUT', `/contracts/${contractId}/payment-plan`, { body }),
  planHistory: (contractId: string) =>
    request<ReceivableChange[]>('GET', `/contracts/${contractId}/payment-plan/history`),
  /** An order's plan (a contract is planned as a whole or order by order, never both). */
  orderPlan: (orderId: string) => request<OrderPaymentPlan>('GET', `/orders/${orderId}/payment-plan`),
  /**
   * The same body as the contract's plan, adding up to the order's amount; 409 `planned_as_whole`
   * (the contract has a plan of its own), `order_not_plannable` (cancelled), `contract_not_plannable`.
   */
  putOrderPlan: (orderId: string, body: PaymentPlanInput) =>
    request<OrderPaymentPlan>('PUT', `/orders/${orderId}/payment-plan`, { body }),
  /** The order's installments leave the plan; 422 `cannot_drop_collected` (on `installments`) once money or invoices are on one. */
  deleteOrderPlan: (orderId: string) => request<void>('DELETE', `/orders/${orderId}/payment-plan`),

  invoices: (query: InvoiceListQuery, page: Paging = {}) =>
    request<Page<Invoice>>('GET', '/invoices', { query: { ...query, ...page } }),
  /** 422 `more_than_invoiceable` on `amount`; 409 `invoice_number_taken`. */
  issueInvoice: (body: InvoiceInput) => request<Invoice>('POST', '/invoices', { body }),
  voidInvoice: (id: string, reason: string, version?: number) =>
    request<Invoice>('POST', `/invoices/${id}/void`, { body: { reason }, ifMatch: version }),

  payments: (query: PaymentListQuery, page: Paging = {}) =>
    request<Page<Payment>>('GET', '/payments', { query: { ...query, ...page } }),
  payment: (id: string) => request<Payment>('GET', `/payments/${id}`),
  /** Written off earliest due first unless `allocations` name the receivables; a retry with the same key answers the first. */
  recordPayment: (body: PaymentInput, key: string) =>
    request<Payment>('POST', '/payments', { body, headers: { 'Idempotency-Key': key } }),
  /** 409 `payment_refunded` while part of it is held for a refund. */
  reversePayment: (id: string, reason: string, version?: number) =>
    request<Payment>('POST', `/payments/${id}/reverse`, { body: { reason }, ifMatch: version }),
  /** Uses the payment's unapplied credit on the customer's open receivables. */
  applyCredit: (id: string) => request<Payment>('POST', `/payments/${id}/apply`, { body: {} }),

  changes: (contractId: string) => request<ContractChange[]>('GET', `/contracts/${contractId}/changes`),
  /** New amounts for receivables of an active contract; money collected above them raises a refund. */
  createChange: (contractId: string, body: ContractChangeInput) =>
    request<ContractChange>('POST', `/contracts/${contractId}/changes`, { body }),

  refunds: (query: RefundListQuery, page: Paging = {}) =>
    request<Page<Refund>>('GET', '/refunds', { query: { ...query, ...page } }),
  refund: (id: string) => request<Refund>('GET', `/refunds/${id}`),
  /** From the customer's credit; 422 `more_than_credit`. */
  createRefund: (body: RefundInput) => request<Refund>('POST', '/refunds', { body }),
  /** An approved refund paid out; 409 `refund_not_approved` before. */
  payRefund: (id: string, paidOn: string | null, version?: number) =>
    request<Refund>('POST', `/refunds/${id}/pay`, { body: { paid_on: paidOn || null }, ifMatch: version }),

  aging: (query: AgingQuery) => request<Aging>('GET', '/aging', { query: { ...query } }),
  /** The same report as a file to download. */
  agingUrl: (query: AgingQuery, format: 'csv' | 'xlsx') => apiUrl('/aging', { ...query, format }),
  receivables: (query: ReceivableListQuery, page: Paging = {}) =>
    request<{ items: Receivable[]; next_cursor?: string | null }>('GET', '/receivables', { query: { ...query, ...page } }),
  summary: () => request<CashSummary>('GET', '/cash/summary'),

  /** A bank statement's header row, recognised columns and first rows, before it is imported; 413 too large, 422 `file` unreadable. */
  previewStatement: (file: File) =>
    request<BankPreview>('POST', '/payments/imports/preview', { rawBody: file, headers: fileHeaders(file) }),
  /**
   * A bank statement (CSV or XLSX) to pay in by a background job, its columns as chosen (`date`,
   * `payer`, … each a column's exact name; 422 `unknown_column` on that parameter) or, without
   * them, as recognised (422 names missing columns as `file.columns.*`).
   */
  uploadStatement: (file: File, columns: Partial<Record<BankRole, string>> = {}) =>
    request<BankImport>('POST', '/payments/imports', { rawBody: file, headers: fileHeaders(file), query: { ...columns } }),
  bankLines: (status: 'unmatched' | 'paid_in', page: Paging = {}) =>
    request<Page<BankLine>>('GET', '/bank-lines', { query: { status, ...page } }),
  /** Pays the row in for the customer chosen (against one contract when named). */
  matchLine: (id: string, body: BankLineMatch) => request<Payment>('POST', `/bank-lines/${id}/match`, { body }),

  settings: () => request<CashSettings>('GET', '/settings/cash'),
  saveSettings: (body: CashSettingsInput) => request<CashSettings>('PUT', '/settings/cash', { body }),
  emailSettings: () => request<EmailSettings>('GET', '/settings/email'),
  /** A `password` left out keeps the saved one. */
  saveEmailSettings: (body: EmailSettingsInput) => request<EmailSettings>('PUT', '/settings/email', { body }),
  testEmail: (to?: string | null) => request<EmailTestResult>('POST', '/settings/email/test', { body: { to: to || null } }),
};
