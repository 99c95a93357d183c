import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import type { Customer, User } from '../api/types';
import { translate, type MessageKey } from '../i18n/messages';
import { renderWithProviders } from '../test/render';
import type { Users } from './labels';
import { TransferDialog, transferProblem } from './TransferDialog';

const t = (key: MessageKey) => translate('en-US', key);

const people = [
  { id: 'u1', name: 'Zhang Wei', active: true },
  { id: 'u2', name: 'Li Na', active: true },
  { id: 'u3', name: 'Gone Person', active: false },
] as User[];
const users: Users = {
  users: people,
  active: people.filter((u) => u.active),
  loading: false,
  name: (id) => people.find((u) => u.id === id)?.name ?? '',
  get: (id) => people.find((u) => u.id === id),
};

describe('transferProblem', () => {
  it('explains a concurrent transfer and asks for a reload', () => {
    const error = new ApiError(409, { status: 409, code: 'customers_changed' });
    expect(transferProblem(error, t)).toEqual({ fields: {}, alert: t('transfer.error.changed'), stale: true });
  });

  it('puts a refused new owner on its field', () => {
    const error = new ApiError(422, {
      status: 422,
      code: 'invalid_input',
      errors: [{ field: 'to_user_id', code: 'unknown_reference', message: 'No such record' }],
    });
    expect(transferProblem(error, t)).toEqual({
      fields: { to_user_id: t('transfer.error.toUnavailable') },
      alert: null,
      stale: false,
    });
  });
});

describe('TransferDialog', () => {
  it('moves the ticked customers of one owner and says a concurrent change plainly', async () => {
    const fetchMock = vi.fn(async () =>
      new Response(JSON.stringify({ type: 'about:blank', status: 409, code: 'customers_changed', detail: 'The request conflicts' }), {
        status: 409,
        headers: { 'content-type': 'application/problem+json' },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const onStale = vi.fn();
    const selected = [
      { id: 'c1', name: 'A', owner_id: 'u1' },
      { id: 'c2', name: 'B', owner_id: 'u1' },
    ] as Customer[];
    renderWithProviders(
      <TransferDialog open selected={selected} users={users} onClose={vi.fn()} onTransferred={vi.fn()} onStale={onStale} />,
    );
    expect((await screen.findByTestId('transfer-from-name')).textContent).toBe('Zhang Wei');
    fireEvent.mouseDown(screen.getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('Li Na'));
    fireEvent.click(screen.getByTestId('transfer-submit'));
    expect((await screen.findByTestId('transfer-error')).textContent).toContain('Nothing was moved');
    await waitFor(() => expect(onStale).toHaveBeenCalled());
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ from_user_id: 'u1', to_user_id: 'u2', customer_ids: ['c1', 'c2'] });
  });

  it('will not mix owners', async () => {
    const selected = [
      { id: 'c1', name: 'A', owner_id: 'u1' },
      { id: 'c2', name: 'B', owner_id: 'u2' },
    ] as Customer[];
    renderWithProviders(
      <TransferDialog open selected={selected} users={users} onClose={vi.fn()} onTransferred={vi.fn()} onStale={vi.fn()} />,
    );
    await screen.findByTestId('transfer-mixed');
    expect(screen.getByTestId('transfer-submit').hasAttribute('disabled')).toBe(true);
  });
});
