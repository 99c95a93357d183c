// Saved views: named sets of a list's filters, kept on the server for their user. Same
// transport as `client.ts`.
import type { ViewQuery } from './freeform';
import { readAll, request } from './client';
import type { SavedView } from './types';

/** The lists that keep saved views in the UI. */
export type SavedViewResource = 'leads' | 'customers';

export const savedViewsApi = {
  list: (resource: SavedViewResource) => readAll<SavedView>('/saved-views', { resource }),
  create: (resource: SavedViewResource, name: string, query: ViewQuery) =>
    request<SavedView>('POST', '/saved-views', { body: { resource, name, query } }),
  remove: (id: string) => request<void>('DELETE', `/saved-views/${id}`),
};
