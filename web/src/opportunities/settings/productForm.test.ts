import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Product } from '../../api/types';
import { translate } from '../../i18n/messages';
import {
  amountFromInput,
  createBody,
  explainPriceProblems,
  filterFromParams,
  filterProducts,
  formFromProduct,
  includesInactive,
  patchBody,
  productLines,
} from './productForm';

const product = (over: Partial<Product> = {}): Product => ({
  id: 'p1',
  name: '星辰 CRM 企业版 Enterprise',
  sku: 'XC-ENT',
  product_line: '软件 Software',
  kind: 'product',
  list_price: { amount: '128000.00', currency: 'CNY' },
  active: true,
  version: 3,
  ...over,
});

describe('amountFromInput', () => {
  it('keeps the typed digits exactly, without separators or signs', () => {
    const cases: [string | undefined, string | undefined][] = [
      ['1280', '1280'],
      ['1,280.50', '1280.50'],
      [' ¥ 12 800 ', '12800'],
      ['CN¥1,280.00', '1280.00'],
      ['１２８０．５', '1280.5'],
      ['0.1', '0.1'],
      ['12345678901234567.89', '12345678901234567.89'],
      // The server decides how many decimals the currency takes.
      ['12.345', '12.345'],
      ['-5', undefined],
      ['abc', undefined],
      ['1.', undefined],
      ['', undefined],
      [undefined, undefined],
    ];
    for (const [typed, amount] of cases) expect(amountFromInput(typed), String(typed)).toBe(amount);
  });
});

describe('createBody', () => {
  it('trims, leaves empty optional fields out and sends the price as a decimal string', () => {
    expect(createBody({ name: '  实施服务 ', kind: 'service', list_price: '3,200', sku: ' ', product_line: ' 服务 Services ' }, 'CNY')).toEqual({
      name: '实施服务',
      kind: 'service',
      list_price: { amount: '3200', currency: 'CNY' },
      product_line: '服务 Services',
    });
  });

  it('sends a price it cannot read as typed, for the server to refuse beside the field', () => {
    expect(createBody({ name: 'X', kind: 'product', list_price: ' 12元 ' }, 'CNY').list_price).toEqual({ amount: '12元', currency: 'CNY' });
  });

  it('never goes through a float', () => {
    expect(createBody({ name: 'X', list_price: '9007199254740993.01' }, 'CNY').list_price?.amount).toBe('9007199254740993.01');
  });
});

describe('patchBody', () => {
  it('is empty when nothing changed, an equal price typed differently included', () => {
    expect(patchBody({ ...formFromProduct(product()), list_price: '128,000' }, product())).toEqual({});
  });

  it('sends only what changed; a cleared SKU is "" so the server clears it', () => {
    const values = { ...formFromProduct(product()), name: '星辰 CRM 旗舰版', sku: '', list_price: '0.10', kind: 'service' as const };
    expect(patchBody(values, product())).toEqual({
      name: '星辰 CRM 旗舰版',
      sku: '',
      kind: 'service',
      list_price: { amount: '0.10', currency: 'CNY' },
    });
  });

  it('sends a unit cost typed, changed or cleared (null), and nothing for the same cost typed differently', () => {
    const costed = product({ unit_cost: { amount: '60000.00', currency: 'CNY' } });
    expect(formFromProduct(costed).unit_cost).toBe('60000.00');
    expect(patchBody({ ...formFromProduct(costed), unit_cost: '60,000' }, costed)).toEqual({});
    expect(patchBody({ ...formFromProduct(costed), unit_cost: '65000' }, costed)).toEqual({ unit_cost: { amount: '65000', currency: 'CNY' } });
    expect(patchBody({ ...formFromProduct(costed), unit_cost: ' ' }, costed)).toEqual({ unit_cost: null });
    expect(patchBody({ ...formFromProduct(product()), unit_cost: '' }, product())).toEqual({});
    expect(patchBody({ ...formFromProduct(product()), unit_cost: '１００' }, product())).toEqual({ unit_cost: { amount: '100', currency: 'CNY' } });
    expect(createBody({ name: 'X', kind: 'product', list_price: '10', unit_cost: '6' }, 'CNY').unit_cost).toEqual({ amount: '6', currency: 'CNY' });
    expect(createBody({ name: 'X', kind: 'product', list_price: '10' }, 'CNY')).not.toHaveProperty('unit_cost');
  });

  it('leaves a missing product line alone when the form has none either', () => {
    expect(patchBody(formFromProduct(product({ product_line: null, sku: null })), product({ product_line: null, sku: null }))).toEqual({});
  });
});

describe('explainPriceProblems', () => {
  const refused = (code: string, field = 'list_price.amount') =>
    new ApiError(422, { status: 422, code: 'invalid_input', errors: [{ field, code, message: 'Not in the expected format' }, { field: 'name', code: 'required', message: 'Required' }] });
  const say = (key: Parameters<typeof translate>[1], vars?: Parameters<typeof translate>[2]) => translate('en-US', key, vars);

  it('says what to change about a refused price, leaving other problems as they are', () => {
    const explained = explainPriceProblems(refused('invalid_format'), 'CNY', say) as ApiError;
    expect(explained.status).toBe(422);
    expect(explained.problem.errors).toEqual([
      { field: 'list_price.amount', code: 'invalid_format', message: 'A price in CNY takes at most 2 decimals, e.g. 1280.50' },
      { field: 'name', code: 'required', message: 'Required' },
    ]);
    expect((explainPriceProblems(refused('too_long'), 'CNY', say) as ApiError).problem.errors?.[0].message).toBe('This price is too large');
    expect((explainPriceProblems(refused('not_allowed', 'list_price.currency'), 'CNY', say) as ApiError).problem.errors?.[0].message).toBe('Not in the expected format');
  });

  it('passes anything else through untouched', () => {
    const stale = new ApiError(412, { status: 412, code: 'stale' });
    expect(explainPriceProblems(stale, 'CNY', say)).toBe(stale);
    const network = new Error('offline');
    expect(explainPriceProblems(network, 'CNY', say)).toBe(network);
  });
});

describe('filters', () => {
  const catalogue = [
    product(),
    product({ id: 'p2', name: '数据网关 Gateway', sku: 'GW-1', product_line: '硬件 Hardware', kind: 'accessory' }),
    product({ id: 'p3', name: '培训 Training day', sku: null, product_line: '服务 Services', kind: 'service', active: false }),
  ];

  it('reads the address, ignoring unknown statuses and blanks', () => {
    const filter = filterFromParams(new URLSearchParams('q=%20gw%20&line=&kind=accessory&status=bogus'));
    expect(filter).toEqual({ q: ' gw ', kind: 'accessory' });
    expect(filterProducts([product({ sku: 'GW-1', kind: 'accessory' })], filter)).toHaveLength(1);
    expect(includesInactive(filter)).toBe(false);
    expect(includesInactive(filterFromParams(new URLSearchParams('status=all')))).toBe(true);
  });

  it('keeps active products by default and matches name, SKU or line ignoring case', () => {
    expect(filterProducts(catalogue, {}).map((p) => p.id)).toEqual(['p1', 'p2']);
    expect(filterProducts(catalogue, { q: 'gw' }).map((p) => p.id)).toEqual(['p2']);
    expect(filterProducts(catalogue, { q: 'software' }).map((p) => p.id)).toEqual(['p1']);
    expect(filterProducts(catalogue, { line: '硬件 Hardware' }).map((p) => p.id)).toEqual(['p2']);
    expect(filterProducts(catalogue, { kind: 'service', status: 'all' }).map((p) => p.id)).toEqual(['p3']);
    expect(filterProducts(catalogue, { status: 'inactive' }).map((p) => p.id)).toEqual(['p3']);
  });

  it('lists each product line once', () => {
    expect(productLines([...catalogue, product({ id: 'p4', product_line: null })])).toHaveLength(3);
  });
});
