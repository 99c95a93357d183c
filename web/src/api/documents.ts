// Files kept with a customer or an opportunity. Same transport as `client.ts`.
import { apiUrl, request } from './client';
import type { CustomerDocument, Page } from './types';

/** The record documents are kept with: a customer or an opportunity. */
export type DocumentParent = { customer_id: string } | { opportunity_id: string };

export const documentsApi = {
  list: (parent: DocumentParent) =>
    request<Page<CustomerDocument>>('GET', '/documents', { query: { ...parent, limit: 200 } }),
  upload: (parent: DocumentParent, file: File) =>
    request<CustomerDocument>('POST', '/documents', {
      query: { ...parent },
      rawBody: file,
      headers: { 'x-file-name': encodeURIComponent(file.name), 'content-type': 'application/octet-stream' },
    }),
  remove: (id: string, version: number) => request<void>('DELETE', `/documents/${id}`, { ifMatch: version }),
  contentUrl: (id: string) => apiUrl(`/documents/${id}/content`),
};
