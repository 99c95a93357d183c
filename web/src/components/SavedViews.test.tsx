import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { normalizeQuery, type LeadQuery } from '../leads/query';
import { renderWithProviders } from '../test/render';
import { SavedViews } from './SavedViews';

function Leads() {
  const [query, setQuery] = useState<LeadQuery>({ status: 'new' });
  return (
    <>
      <SavedViews resource="leads" query={query} onApply={setQuery} normalize={normalizeQuery} />
      <button onClick={() => setQuery({ owner_id: ' u1 ', sort: '-created_at' })}>mine</button>
    </>
  );
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('SavedViews', () => {
  it("lists the list's views, knows the one in use and saves the filters in canonical form", async () => {
    const fetchMock = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'POST') return json({ id: 'v2', resource: 'leads', name: 'Mine', query: { owner_id: 'u1' } }, 201);
      return json({ items: [{ id: 'v1', resource: 'leads', name: 'New ones', query: { status: 'new', sort: '-created_at' } }], next_cursor: null });
    });
    vi.stubGlobal('fetch', fetchMock);
    renderWithProviders(<Leads />);

    // The view's default sort makes no difference: it is the one in use, so it may be deleted.
    expect(await screen.findByTestId('saved-view-delete')).toBeTruthy();
    expect(String(fetchMock.mock.calls[0][0])).toBe('/api/v1/saved-views?resource=leads');

    fireEvent.click(screen.getByText('mine'));
    await waitFor(() => expect(screen.queryByTestId('saved-view-delete')).toBeNull());
    fireEvent.click(screen.getByTestId('saved-view-save'));
    fireEvent.change(await screen.findByTestId('saved-view-name'), { target: { value: ' Mine ' } });
    fireEvent.click(screen.getByText('Save'));
    await waitFor(() => expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true));
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ resource: 'leads', name: 'Mine', query: { owner_id: 'u1' } });
  });
});
