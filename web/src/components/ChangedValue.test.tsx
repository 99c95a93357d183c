import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { HistoryChange } from '../api/types';
import { renderWithProviders } from '../test/render';
import { ChangedValue, holdsId, pageOf } from './ChangedValue';

const CUSTOMER = '01a24232-d738-7c3b-9a55-0123456789ab';
const USER = '01a24232-d740-7c3b-9a55-0123456789ab';

function change(partial: Partial<HistoryChange>): HistoryChange {
  return { field: 'customer_id', old: null, new: null, old_label: null, new_label: null, old_resource: null, new_resource: null, ...partial };
}

const show = (field: string, value: unknown) => `${field}=${String(value)}`;

describe('ChangedValue', () => {
  it('shows a named record as a link to its page', () => {
    renderWithProviders(<ChangedValue change={change({ new: CUSTOMER, new_label: '苏州远航物流有限公司', new_resource: 'customers' })} side="new" show={show} />);
    const link = screen.getByRole('link', { name: '苏州远航物流有限公司' });
    expect(link.getAttribute('href')).toBe(`/customers/${CUSTOMER}`);
    expect(screen.queryByText(CUSTOMER)).toBeNull();
  });

  it('shows a named person as text, with no page to open', () => {
    renderWithProviders(<ChangedValue change={change({ field: 'owner_id', old: USER, old_label: 'Zhang Wei', old_resource: 'users' })} side="old" show={show} />);
    expect(screen.getByText('Zhang Wei')).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('never shows a bare id, even of a record that is gone', () => {
    renderWithProviders(<ChangedValue change={change({ new: CUSTOMER })} side="new" show={show} />, 'zh-CN');
    expect(screen.getByText('（已删除）')).toBeTruthy();
    expect(screen.queryByText(CUSTOMER)).toBeNull();
  });

  it('leaves other values to the page', () => {
    renderWithProviders(<ChangedValue change={change({ field: 'status', new: 'converted' })} side="new" show={show} />);
    expect(screen.getByText('status=converted')).toBeTruthy();
  });
});

describe('holdsId and pageOf', () => {
  it('recognise ids and the pages records open on', () => {
    expect(holdsId(CUSTOMER)).toBe(true);
    expect(holdsId([CUSTOMER, USER])).toBe(true);
    expect(holdsId('陈明')).toBe(false);
    expect(holdsId([])).toBe(false);
    expect(holdsId(42)).toBe(false);
    expect(pageOf('opportunities', CUSTOMER)).toBe(`/opportunities/${CUSTOMER}`);
    expect(pageOf('users', USER)).toBeNull();
    expect(pageOf(null, USER)).toBeNull();
  });
});
