// The product catalogue: everyone signed in reads it (quotes pick from it); administrators
// (`settings.manage`) add and change products. Same transport as `client.ts`.
import { request } from './client';
import type { Page, Product, ProductInput, ProductListQuery } from './types';

export const productsApi = {
  /** The whole catalogue by name (the server answers one page of up to 2,000). */
  list: (query: ProductListQuery = {}) =>
    request<Page<Product>>('GET', '/products', { query: { ...query } }).then((page) => page.items),
  create: (body: ProductInput) => request<Product>('POST', '/products', { body }),
  /** 412 when someone changed the product since `version`; 422 names the refused fields. */
  update: (id: string, body: ProductInput, version: number) =>
    request<Product>('PATCH', `/products/${id}`, { body, ifMatch: version }),
};
