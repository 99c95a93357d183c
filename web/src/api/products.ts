// The product catalogue: everyone signed in reads it (quotes pick from it); administrators
// (`settings.manage`) add and change products. Same transport as `client.ts`.
import { request } from './client';
import type { components, operations } from './schema';
import type { Page } from './types';

export type Product = components['schemas']['ProductDto'];
export type ProductInput = components['schemas']['ProductInput'];
export type ProductListQuery = NonNullable<operations['list_products']['parameters']['query']>;

export const productsApi = {
  /** The whole catalogue by name (the server answers one page of up to 2,000). */
  list: (query: ProductListQuery = {}) =>
    request<Page<Product>>('GET', '/products', { query: { ...query } }).then((page) => page.items),
  create: (body: ProductInput) => request<Product>('POST', '/products', { body }),
  /** 412 when someone changed the product since `version`; 422 names the refused fields. */
  update: (id: string, body: ProductInput, version: number) =>
    request<Product>('PATCH', `/products/${id}`, { body, ifMatch: version }),
};
