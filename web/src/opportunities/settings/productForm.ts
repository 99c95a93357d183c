// The product catalogue page's pure parts: what the drawer sends, and which products the
// filters keep. The API lists the whole catalogue (only `include_inactive` narrows it), so
// product line, type and search text are applied here.
import { ApiError } from '../../api/client';
import type { Product, ProductInput } from '../../api/types';
import type { MessageKey, Vars } from '../../i18n/messages';
import { compareAmounts, currencyDecimals } from '../../lib/money';

export const PRODUCT_KINDS = ['product', 'accessory', 'service'] as const;
export type ProductKind = (typeof PRODUCT_KINDS)[number];

export interface ProductFormValues {
  name?: string;
  sku?: string;
  product_line?: string;
  kind?: ProductKind;
  /** As typed, e.g. "12800", "12,800.50" or "１２８００". */
  list_price?: string;
  /** What one unit costs the company, typed like the price; empty: not known. */
  unit_cost?: string;
}

/**
 * A typed price as the API's decimal string: full-width digits made ASCII, spaces, group
 * separators and currency signs dropped, nothing rounded or padded (the server knows how
 * many decimals the currency has). Undefined unless it is a plain non-negative decimal.
 */
export function amountFromInput(text: string | null | undefined): string | undefined {
  const cleaned = (text ?? '')
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/．/g, '.')
    .replace(/[\s,，¥￥$€]/g, '')
    .replace(/^(CN|US|HK)/i, '');
  return /^\d+(\.\d+)?$/.test(cleaned) ? cleaned : undefined;
}

const trimmed = (value: string | undefined): string => value?.trim() ?? '';

/** A price to send: the clean amount, or the typed text as it is so the server names what is wrong. */
function priceBody(typed: string | undefined, currency: string): { amount: string; currency: string } {
  return { amount: amountFromInput(typed) ?? trimmed(typed), currency };
}

/** The body of POST /products; empty SKU and product line are left out. */
export function createBody(values: ProductFormValues, currency: string): ProductInput {
  const body: ProductInput = {
    name: trimmed(values.name),
    kind: values.kind ?? 'product',
    list_price: priceBody(values.list_price, currency),
  };
  if (trimmed(values.sku)) body.sku = trimmed(values.sku);
  if (trimmed(values.product_line)) body.product_line = trimmed(values.product_line);
  if (trimmed(values.unit_cost)) body.unit_cost = priceBody(values.unit_cost, currency);
  return body;
}

/**
 * The body of PATCH /products/{id}: only what changed. A cleared SKU or product line is sent
 * as "" (the server clears it); `null` would mean "leave as it is". An equal price typed
 * differently ("1280" for "1280.00") is no change.
 */
export function patchBody(values: ProductFormValues, product: Product): ProductInput {
  const body: ProductInput = {};
  if (trimmed(values.name) !== product.name) body.name = trimmed(values.name);
  if (values.kind && values.kind !== product.kind) body.kind = values.kind;
  for (const field of ['sku', 'product_line'] as const) {
    if (trimmed(values[field]) !== (product[field] ?? '')) body[field] = trimmed(values[field]);
  }
  const amount = amountFromInput(values.list_price);
  if (amount === undefined || compareAmounts(amount, product.list_price.amount) !== 0) {
    body.list_price = priceBody(values.list_price, product.list_price.currency);
  }
  // A cleared cost is sent as null (not known any more).
  const cost = amountFromInput(values.unit_cost);
  if (!trimmed(values.unit_cost)) {
    if (product.unit_cost) body.unit_cost = null;
  } else if (cost === undefined || !product.unit_cost || compareAmounts(cost, product.unit_cost.amount) !== 0) {
    body.unit_cost = priceBody(values.unit_cost, product.list_price.currency);
  }
  return body;
}

const PRICE_PROBLEMS: Record<string, MessageKey> = {
  invalid_format: 'opps.product.priceDecimals',
  too_long: 'opps.product.priceTooLarge',
  not_allowed: 'opps.product.priceNegative',
};

/**
 * The server's words for a refused amount are general ("not in the expected format"); for the
 * price field these say what to change. Other problems pass as they are.
 */
export function explainPriceProblems(error: unknown, currency: string, say: (key: MessageKey, vars?: Vars) => string): unknown {
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return error;
  const errors = error.problem.errors.map((problem) => {
    const key = problem.field === 'list_price.amount' || problem.field === 'unit_cost.amount' ? PRICE_PROBLEMS[problem.code] : undefined;
    return key ? { ...problem, message: say(key, { currency, places: currencyDecimals(currency) }) } : problem;
  });
  return new ApiError(error.status, { ...error.problem, errors });
}

/** A product's fields as the drawer shows them. */
export function formFromProduct(product: Product): ProductFormValues {
  return {
    name: product.name,
    sku: product.sku ?? undefined,
    product_line: product.product_line ?? undefined,
    kind: (PRODUCT_KINDS as readonly string[]).includes(product.kind) ? (product.kind as ProductKind) : undefined,
    list_price: product.list_price.amount,
    unit_cost: product.unit_cost?.amount,
  };
}

export type ProductStatus = 'active' | 'inactive' | 'all';

export interface ProductFilter {
  q?: string;
  line?: string;
  kind?: string;
  status?: ProductStatus;
}

const FILTER_KEYS = ['q', 'line', 'kind', 'status'] as const;

/** The filters kept in the address (`?q=&line=&kind=&status=`), so a view can be bookmarked. */
export function filterFromParams(params: URLSearchParams): ProductFilter {
  const filter: ProductFilter = {};
  for (const key of FILTER_KEYS) {
    const raw = params.get(key) ?? '';
    // The search text keeps its spaces while it is being typed; the filter trims it.
    const value = key === 'q' ? raw : raw.trim();
    if (!value.trim()) continue;
    if (key === 'status') {
      if (value === 'inactive' || value === 'all') filter.status = value;
    } else {
      filter[key] = value;
    }
  }
  return filter;
}

/** Whether the list must ask the server for products no longer sold too. */
export function includesInactive(filter: ProductFilter): boolean {
  return filter.status === 'inactive' || filter.status === 'all';
}

/** The products the filters keep: search text in name, SKU or product line, ignoring case. */
export function filterProducts(products: Product[], filter: ProductFilter): Product[] {
  const needle = filter.q?.trim().toLocaleLowerCase();
  return products.filter(
    (p) =>
      (!filter.line || p.product_line === filter.line) &&
      (!filter.kind || p.kind === filter.kind) &&
      (filter.status === 'all' || (filter.status === 'inactive' ? !p.active : p.active)) &&
      (!needle || [p.name, p.sku, p.product_line].some((text) => text?.toLocaleLowerCase().includes(needle))),
  );
}

/** The product lines in use, for the filter and the drawer's suggestions. */
export function productLines(products: Product[]): string[] {
  const lines = new Set(products.map((p) => p.product_line?.trim()).filter((line): line is string => Boolean(line)));
  return [...lines].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}
