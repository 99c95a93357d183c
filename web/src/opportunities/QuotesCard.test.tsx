import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CurrentUser, Quote } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { QuotesCard } from './QuotesCard';

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const quote: Quote = {
  id: 'q-1',
  opportunity_id: 'o-1',
  number: 1,
  created_at: '2026-04-15T02:00:00Z',
  list_amount: cny('1000.00'),
  discount_amount: cny('100.00'),
  total: cny('900.00'),
  lines: [],
};

function session(permissions: string[]): SessionValue {
  const user = { id: 'u1', name: 'Rep', permissions, tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser;
  return { user, can: (p) => permissions.includes(p), replaceUser: vi.fn(), signOut: vi.fn() };
}

describe('QuotesCard', () => {
  it('links each quote to its printed page and its PDF, both in a new tab', () => {
    renderWithProviders(
      <SessionContext.Provider value={session(['opportunities.read'])}>
        <QuotesCard opportunityId="o-1" quotes={[quote]} editable={false} onCreated={vi.fn()} />
      </SessionContext.Provider>,
    );
    const print = screen.getByTestId('quote-print');
    expect(print.getAttribute('href')).toBe('/api/v1/quotes/q-1/print');
    expect(print.getAttribute('target')).toBe('_blank');
    const pdf = screen.getByTestId('quote-pdf');
    expect(pdf.tagName).toBe('A');
    expect(pdf.getAttribute('href')).toBe('/api/v1/quotes/q-1/print?format=pdf');
    expect(pdf.getAttribute('target')).toBe('_blank');
    expect(pdf.getAttribute('rel')).toBe('noreferrer');
    expect(pdf.textContent).toContain('PDF');
    expect(pdf.querySelector('.anticon-file-pdf')).toBeTruthy();
    // Small buttons: styles.css makes them 40 px tap targets on phones.
    expect(pdf.className).toContain('ant-btn-sm');
  });
});
