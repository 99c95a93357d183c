import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CompensationRun } from '../api/performance';
import type { CurrentUser } from '../api/types';
import { SessionContext, type SessionValue } from '../auth/session';
import { renderWithProviders } from '../test/render';
import { RunTable } from './RunTable';

const session: SessionValue = {
  user: { id: 'boss', name: 'Li Na', permissions: ['performance.manage'], data_scope: 'all', tenant: { id: 't', slug: 'demo', name: 'Demo', currency: 'CNY' } } as CurrentUser,
  can: () => true,
  replaceUser: vi.fn(),
  signOut: vi.fn(),
};

const run: CompensationRun = {
  id: 'r',
  plan_id: 'cp',
  plan_name: 'Q plan',
  period: '2026-Q1',
  status: 'draft',
  created_at: '2026-04-01T00:00:00Z',
  closed_at: null,
  total: '39200.00',
  lines: [
    {
      user_id: 'u1',
      name: 'Zhang Wei',
      target: '1000000.00',
      actual: '1300000.00',
      completion: '130',
      base_pay: '8000.00',
      performance_pay: '31200.00',
      adjustment: '0',
      total: '39200.00',
      explanation: [
        { label: '绩效工资：130% 档 × 1.3', amount: '39000.00' },
        { label: '回款系数：回款率 60% → 绩效工资 × 0.8', amount: '-7800.00' },
      ],
    },
  ],
};

describe('RunTable', () => {
  it('shows a deduction in the explanation in red, with its minus sign', async () => {
    renderWithProviders(
      <SessionContext.Provider value={session}>
        <RunTable run={run} />
      </SessionContext.Provider>,
    );
    fireEvent.click((await screen.findAllByRole('button', { name: /expand/i }))[0]);
    const lines = await screen.findAllByTestId('run-explanation-line');
    const [pay, collections] = lines.map((line) => line.querySelector<HTMLElement>('[data-amount]')!);
    expect(collections.textContent).toMatch(/^[-−]\s?(CN)?¥7,800\.00$/);
    expect(collections.style.color).not.toBe('');
    expect(pay.textContent).toMatch(/^(CN)?¥39,000\.00$/);
    expect(pay.style.color).toBe('');
  });
});
