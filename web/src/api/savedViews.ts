// Saved views: named sets of a list's filters, kept on the server for their user. Same
// transport as `client.ts`.
import { readAll, request } from './client';
import type { ViewQuery } from './freeform';
import type { SavedView, SavedViewInput } from './types';

/** The lists that keep saved views in the UI. */
export type SavedViewResource = 'leads' | 'customers' | 'contracts';

export const savedViewsApi = {
  list: (resource: SavedViewResource) => readAll<SavedView>('/saved-views', { resource }),
  create: (resource: SavedViewResource, name: string, query: ViewQuery) => {
    const body: SavedViewInput = { resource, name, query };
    return request<SavedView>('POST', '/saved-views', { body });
  },
  remove: (id: string) => request<void>('DELETE', `/saved-views/${id}`),
};
