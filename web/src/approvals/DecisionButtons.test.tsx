import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Approval } from '../api/types';
import { renderWithProviders } from '../test/render';
import { DecisionButtons } from './DecisionButtons';

const approval = {
  id: 'a1',
  title: 'HT-2026-00042 Line upgrade',
  status: 'pending',
  current_step: 0,
  steps: [{ name: 'Manager', mode: 'any', status: 'pending', approvers: ['mgr'], decisions: [{ user_id: 'mgr', decision: 'pending' }] }],
} as unknown as Approval;

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('DecisionButtons', () => {
  it('asks for a comment before rejecting, then sends it; approves with none', async () => {
    const fetchMock = vi.fn(async (url: string, _init?: RequestInit) => json(url.includes('/approvals/a1/') ? { ...approval, status: 'rejected' } : { items: [] }));
    vi.stubGlobal('fetch', fetchMock);
    const onDecided = vi.fn();
    renderWithProviders(<DecisionButtons approval={approval} phone onDecided={onDecided} />);
    const posts = () => fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST');

    fireEvent.click(screen.getByTestId('approval-reject'));
    fireEvent.click(await screen.findByTestId('approval-comment-ok'));
    expect(await screen.findByText('Please enter Comment (required).')).toBeTruthy();
    expect(posts()).toHaveLength(0);

    fireEvent.change(screen.getByTestId('approval-comment-text'), { target: { value: '  Price too low  ' } });
    fireEvent.click(screen.getByTestId('approval-comment-ok'));
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(1));
    expect(posts()[0][0]).toBe('/api/v1/approvals/a1/reject');
    expect(JSON.parse(String(posts()[0][1]?.body))).toEqual({ comment: 'Price too low' });

    fireEvent.click(screen.getByTestId('approval-approve'));
    fireEvent.click(await screen.findByTestId('approval-comment-ok'));
    await waitFor(() => expect(onDecided).toHaveBeenCalledTimes(2));
    expect(posts()[1][0]).toBe('/api/v1/approvals/a1/approve');
    expect(JSON.parse(String(posts()[1][1]?.body))).toEqual({ comment: null });
  }, 15_000);

  it('says it is not the user’s turn when the server answers 403', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json({ status: 403, code: 'forbidden', detail: 'Your role does not allow this action.' }, 403)));
    const onDecided = vi.fn();
    renderWithProviders(<DecisionButtons approval={approval} onDecided={onDecided} />);
    fireEvent.click(screen.getByTestId('approval-approve'));
    fireEvent.click(await screen.findByTestId('approval-comment-ok'));
    expect(await screen.findByText('This approval is not waiting for you (any more).')).toBeTruthy();
    expect(onDecided).not.toHaveBeenCalled();
  }, 15_000);
});
