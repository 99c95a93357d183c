import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Product } from '../../api/types';
import { SessionContext, type SessionValue } from '../../auth/session';
import { SideMenu } from '../../layout/SideMenu';
import { renderWithProviders } from '../../test/render';
import { ProductsPage } from './ProductsPage';

function session(permissions: string[]): SessionValue {
  const user = { id: 'u1', name: 'Admin', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

const products: Product[] = [
  { id: 'p1', name: '星辰 CRM 企业版', sku: 'XC-ENT', product_line: '软件 Software', kind: 'product', list_price: { amount: '12345678901234567.89', currency: 'CNY' }, active: true, version: 1 },
  { id: 'p2', name: '年度维保 Annual support', sku: null, product_line: '服务 Services', kind: 'service', list_price: { amount: '24000.00', currency: 'CNY' }, active: true, version: 2 },
];

function stubApi() {
  const fetchMock = vi.fn(async () => new Response(JSON.stringify({ items: products, next_cursor: null }), { status: 200, headers: { 'content-type': 'application/json' } }));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('ProductsPage', () => {
  it('tells a user without settings.manage they lack access, and asks the server nothing', () => {
    const fetchMock = stubApi();
    renderWithProviders(
      <SessionContext.Provider value={session(['opportunities.read'])}>
        <ProductsPage />
      </SessionContext.Provider>,
    );
    expect(screen.getByTestId('products-no-access').textContent).toMatch(/No access/);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('lists the catalogue for an administrator, prices exact and types as tags', async () => {
    stubApi();
    renderWithProviders(
      <SessionContext.Provider value={session(['settings.manage'])}>
        <ProductsPage />
      </SessionContext.Provider>,
    );
    // jsdom matches no media query, so this is the phone layout: one card per product.
    const list = await screen.findByTestId('products-cards');
    const card = (name: string) => within(list).getByText(name).closest('[data-testid="product-card"]') as HTMLElement;
    await within(list).findByText('星辰 CRM 企业版');
    expect(within(card('星辰 CRM 企业版')).getByTestId('product-price-cell').textContent).toBe('CN¥12,345,678,901,234,567.89');
    expect(within(card('星辰 CRM 企业版')).getByTestId('product-kind-tag').textContent).toBe('Product');
    expect(within(card('年度维保 Annual support')).getByTestId('product-kind-tag').textContent).toBe('Service');
    expect(screen.getByTestId('product-count').textContent).toBe('2 products');
    // Rendering antd's list in jsdom takes seconds on a busy machine.
  }, 15_000);
});

describe('the Products menu entry', () => {
  it('is shown to administrators only', () => {
    const { unmount } = renderWithProviders(
      <SessionContext.Provider value={session(['opportunities.read', 'customers.read'])}>
        <SideMenu />
      </SessionContext.Provider>,
    );
    expect(screen.queryByTestId('nav-products')).toBeNull();
    unmount();
    renderWithProviders(
      <SessionContext.Provider value={session(['settings.manage'])}>
        <SideMenu />
      </SessionContext.Provider>,
    );
    expect(screen.getByTestId('nav-products')).toBeTruthy();
  });
});
