// Payment plans order by order: the orders card plans an order through the same plan editor
// as the contract (saving to PUT /orders/{id}/payment-plan), removes a plan with DELETE, says
// the server's refusals in words; the cash tab's installments name their order, and a
// contract planned order by order offers no whole-contract editor.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contract, Order, OrderPaymentPlan, PaymentPlan, Receivable } from '../api/types';
import { OrdersCard } from '../contracts/OrdersCard';
import { renderWithProviders } from '../test/render';
import { inOrder, plannedByOrders, planRows } from './plan';
import { contractPlanTarget, orderPlanTarget } from './planTarget';
import { ReceivablesCard } from './ReceivablesCard';

afterEach(() => vi.unstubAllGlobals());

type Call = { url: string; method: string; body?: unknown };

function stubApi(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init?: RequestInit) => {
      const call = { url, method: init?.method ?? 'GET', body: typeof init?.body === 'string' ? JSON.parse(init.body) : init?.body };
      calls.push(call);
      return answer(call);
    }),
  );
  return calls;
}

const json = (body: unknown, status = 200) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });

const cny = (amount: string) => ({ amount, currency: 'CNY' });

const contract = {
  id: 'c1',
  number: 'HT-2026-0007',
  name: 'Service',
  status: 'active',
  amount: cny('1000.00'),
  currency: 'CNY',
  lines: [],
  customer_id: 'cu1',
} as unknown as Contract;

const order = (id: string, number: number, amount: string, status = 'open') =>
  ({ id, number, status, amount: cny(amount), contract_id: 'c1', lines: [{ description: 'Amount', amount: cny(amount) }], version: 1 }) as unknown as Order;

const receivable = (id: string, orderId: string | null, position: number, dueOn: string, amount: string): Receivable =>
  ({
    id,
    contract_id: 'c1',
    order_id: orderId,
    customer_id: 'cu1',
    position,
    due_on: dueOn,
    amount: cny(amount),
    paid: cny('0.00'),
    outstanding: cny(amount),
    invoiced: cny('0.00'),
    written_off: cny('0.00'),
    status: 'open',
    days_overdue: 0,
    version: 1,
  }) as Receivable;

const plan = (receivables: Receivable[]): PaymentPlan =>
  ({
    contract_id: 'c1',
    contract_amount: cny('1000.00'),
    receivables,
    unplanned: cny('0.00'),
    paid: cny('0.00'),
    outstanding: cny('1000.00'),
    invoiced: cny('0.00'),
    paid_in_full: false,
    customer_credit: cny('0.00'),
  }) as unknown as PaymentPlan;

const ORDERS = [order('o1', 1, '600.00'), order('o2', 2, '400.00'), order('o3', 3, '50.00', 'cancelled')];
const FIRST_PLANNED = plan([receivable('r1', 'o1', 0, '2026-01-10', '300.00'), receivable('r2', 'o1', 1, '2026-03-10', '300.00')]);

const rowOf = (number: number) => document.querySelector(`[data-testid="order-row"][data-number="${number}"]`) as HTMLElement;

describe('plan helpers', () => {
  it('tell a contract planned order by order and list its installments by due date, then order', () => {
    const mixed = [
      receivable('a', 'o2', 0, '2026-02-01', '200.00'),
      receivable('b', 'o1', 1, '2026-03-10', '300.00'),
      receivable('c', 'o1', 0, '2026-01-10', '300.00'),
      receivable('d', 'o2', 1, '2026-03-10', '200.00'),
    ];
    expect(plannedByOrders(plan(mixed))).toBe(true);
    expect(plannedByOrders(plan([receivable('x', null, 0, '2026-01-01', '1000.00')]))).toBe(false);
    expect(plannedByOrders(null)).toBe(false);
    const numbers: Record<string, number> = { o1: 1, o2: 2 };
    expect(planRows(mixed, (id) => numbers[id]).map((r) => r.id)).toEqual(['c', 'a', 'b', 'd']);
    // As a whole: by position.
    const whole = [receivable('y', null, 1, '2026-01-01', '1.00'), receivable('x', null, 0, '2026-05-01', '1.00')];
    expect(planRows(whole).map((r) => r.id)).toEqual(['x', 'y']);
    // Lists name an installment with its order, when it has one.
    expect(inOrder('Order 2', 'Installment 1')).toBe('Order 2 · Installment 1');
    expect(inOrder(undefined, 'Installment 1')).toBe('Installment 1');
  });

  it('save a contract plan to the contract and an order plan to the order', async () => {
    const calls = stubApi(() => json({}));
    const body = { installments: [{ due_on: '2026-01-10', ratio: '100' }] };
    await contractPlanTarget(contract, null).save(body);
    const target = orderPlanTarget(contract, ORDERS[1], 'Order 2', null);
    expect(target).toMatchObject({ kind: 'order', name: 'HT-2026-0007 · Order 2', total: cny('400.00'), unplanned: cny('400.00') });
    await target.save(body);
    expect(calls.map((c) => [c.method, c.url, c.body])).toEqual([
      ['PUT', '/api/v1/contracts/c1/payment-plan', body],
      ['PUT', '/api/v1/orders/o2/payment-plan', body],
    ]);
  });
});

describe('OrdersCard payment plans', () => {
  it('plans an order 50 / 50 in the plan editor, showing its amount and what is unplanned, and saves it to the order', async () => {
    const calls = stubApi((call) => {
      if (call.method === 'GET' && call.url === '/api/v1/orders/o2/payment-plan') {
        return json({ order_id: 'o2', contract_id: 'c1', order_amount: cny('400.00'), receivables: [], unplanned: cny('400.00'), paid: cny('0.00'), outstanding: cny('0.00'), invoiced: cny('0.00') } satisfies OrderPaymentPlan);
      }
      if (call.method === 'PUT' && call.url === '/api/v1/orders/o2/payment-plan') return json({ order_id: 'o2' });
      return json({}, 404);
    });
    const planChanged = vi.fn();
    renderWithProviders(
      <OrdersCard contract={contract} orders={ORDERS} remaining={new Map()} canOrder={false} canMove plan={FIRST_PLANNED} canPlan onChanged={vi.fn()} onPlanChanged={planChanged} />,
    );
    // The planned order says so and can lose its plan; the other has none yet; a cancelled one is not planned.
    expect(within(rowOf(1)).getByTestId('order-plan-summary').textContent).toBe('Payment plan: 2 installments, CN¥600.00 · CN¥0.00 paid');
    expect(within(rowOf(1)).getByTestId('order-plan-remove')).toBeTruthy();
    expect(within(rowOf(2)).getByTestId('order-plan-summary').textContent).toBe('No payment plan yet');
    expect(within(rowOf(2)).queryByTestId('order-plan-remove')).toBeNull();
    expect(within(rowOf(3)).queryByTestId('order-plan')).toBeNull();

    fireEvent.click(within(rowOf(2)).getByTestId('order-plan'));
    const drawer = await screen.findByTestId('plan-drawer', undefined, { timeout: 10_000 });
    expect(calls[0]).toMatchObject({ method: 'GET', url: '/api/v1/orders/o2/payment-plan' });
    expect(within(drawer).getByText('Payment plan of HT-2026-0007 · Order 2')).toBeTruthy();
    expect(within(drawer).getByTestId('plan-total').textContent).toBe("The installments add up to the order's amount, CN¥400.00.");
    expect(within(drawer).getByTestId('plan-unplanned').textContent).toBe('CN¥400.00 of it is in no installment yet.');

    const ratios = () => within(drawer).getAllByTestId('plan-ratio') as HTMLInputElement[];
    fireEvent.change(ratios()[0], { target: { value: '50' } });
    fireEvent.click(within(drawer).getByTestId('plan-add'));
    await waitFor(() => expect(ratios()).toHaveLength(2));
    expect(ratios()[1].value).toBe('50');
    const dues = within(drawer).getAllByTestId('plan-due') as HTMLInputElement[];
    fireEvent.change(dues[0], { target: { value: '2026-02-01' } });
    fireEvent.change(dues[1], { target: { value: '2026-04-01' } });
    await waitFor(() => expect(within(drawer).getByTestId('plan-check').getAttribute('data-whole')).toBe('true'));
    expect(within(drawer).getAllByTestId('plan-row-amount').map((e) => e.textContent)).toEqual(['CN¥200.00', 'CN¥200.00']);

    fireEvent.click(screen.getByTestId('plan-save'));
    await waitFor(() => expect(planChanged).toHaveBeenCalled());
    const put = calls.find((c) => c.method === 'PUT');
    expect(put).toEqual({
      method: 'PUT',
      url: '/api/v1/orders/o2/payment-plan',
      body: { installments: [{ due_on: '2026-02-01', ratio: '50' }, { due_on: '2026-04-01', ratio: '50' }] },
    });
    expect(calls.some((c) => c.url.startsWith('/api/v1/contracts/'))).toBe(false);
  });

  it('removes an order plan with DELETE, and says in words why a removal was refused', async () => {
    let refuse = true;
    const calls = stubApi((call) => {
      if (call.method === 'DELETE' && call.url === '/api/v1/orders/o1/payment-plan') {
        return refuse
          ? json({ status: 422, code: 'invalid_input', title: 'Invalid input', detail: 'Please check the fields marked.', errors: [{ field: 'installments', code: 'cannot_drop_collected', message: 'x' }] }, 422)
          : json(null, 204);
      }
      return json({}, 404);
    });
    const planChanged = vi.fn();
    renderWithProviders(
      <OrdersCard contract={contract} orders={ORDERS} remaining={new Map()} canOrder={false} canMove plan={FIRST_PLANNED} canPlan onChanged={vi.fn()} onPlanChanged={planChanged} />,
    );
    const remove = async () => {
      fireEvent.click(within(rowOf(1)).getByTestId('order-plan-remove'));
      expect((await screen.findAllByText('Remove the payment plan of order 1?')).length).toBeGreaterThan(0);
      const oks = await screen.findAllByTestId('order-plan-remove-ok');
      fireEvent.click(oks[oks.length - 1]);
    };
    await remove();
    expect(await screen.findByText(/Money was collected or invoiced on this plan's installments/)).toBeTruthy();
    expect(planChanged).not.toHaveBeenCalled();

    refuse = false;
    await remove();
    await waitFor(() => expect(planChanged).toHaveBeenCalled());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual(['/api/v1/orders/o1/payment-plan', '/api/v1/orders/o1/payment-plan']);
  });

  it('says a 409 planned_as_whole in words', async () => {
    stubApi((call) => {
      if (call.method === 'GET' && call.url === '/api/v1/orders/o2/payment-plan') {
        return json({ status: 409, code: 'planned_as_whole', title: 'Conflict', detail: "The request conflicts with the record's state." }, 409);
      }
      return json({}, 404);
    });
    renderWithProviders(
      <OrdersCard contract={contract} orders={ORDERS} remaining={new Map()} canOrder={false} canMove plan={plan([])} canPlan onChanged={vi.fn()} />,
    );
    fireEvent.click(within(rowOf(2)).getByTestId('order-plan'));
    expect(await screen.findByText('The contract has a payment plan as a whole: its orders cannot be planned one by one.')).toBeTruthy();
  });

  it('disables order plans when the contract is planned as a whole', () => {
    stubApi(() => json({}, 404));
    renderWithProviders(
      <OrdersCard
        contract={contract}
        orders={ORDERS}
        remaining={new Map()}
        canOrder={false}
        canMove
        plan={plan([receivable('w', null, 0, '2026-01-01', '1000.00')])}
        canPlan
        onChanged={vi.fn()}
      />,
    );
    expect(within(rowOf(1)).getByTestId('order-plan-summary').textContent).toBe('The contract is planned as a whole');
    expect((within(rowOf(1)).getByTestId('order-plan') as HTMLButtonElement).disabled).toBe(true);
  });

  it('keeps the plan of an order with money in: its removal is disabled', () => {
    stubApi(() => json({}, 404));
    const paid = { ...receivable('r1', 'o1', 0, '2026-01-10', '300.00'), paid: cny('100.00'), outstanding: cny('200.00') };
    renderWithProviders(
      <OrdersCard contract={contract} orders={ORDERS} remaining={new Map()} canOrder={false} canMove plan={plan([paid])} canPlan onChanged={vi.fn()} />,
    );
    expect((within(rowOf(1)).getByTestId('order-plan-remove') as HTMLButtonElement).disabled).toBe(true);
    expect((within(rowOf(1)).getByTestId('order-plan') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('ReceivablesCard planned order by order', () => {
  const byOrders = plan([
    receivable('r1', 'o1', 0, '2026-01-10', '300.00'),
    receivable('s1', 'o2', 0, '2026-02-01', '200.00'),
    receivable('r2', 'o1', 1, '2026-03-10', '300.00'),
  ]);
  const labels: Record<string, string> = { o1: 'Order 1', o2: 'Order 2' };
  const numbers: Record<string, number> = { o1: 1, o2: 2 };

  for (const phone of [false, true]) {
    it(`names each installment's order and offers no whole-contract editor (${phone ? 'phone' : 'desk'})`, () => {
      renderWithProviders(
        <ReceivablesCard
          plan={byOrders}
          phone={phone}
          can={{ plan: false, write: true, change: true }}
          byOrders
          orderLabel={(id) => labels[id]}
          orderNumber={(id) => numbers[id]}
          onAction={vi.fn()}
          onPlan={vi.fn()}
          onPay={vi.fn()}
        />,
      );
      const rows = screen.getAllByTestId('receivable-row');
      expect(rows.map((r) => r.getAttribute('data-order'))).toEqual(['1', '2', '1']);
      expect(screen.getAllByTestId('receivable-order').map((e) => e.textContent)).toEqual(['Order 1', 'Order 2', 'Order 1']);
      expect(screen.getAllByTestId('receivable-amount').map((e) => e.textContent)).toEqual(['CN¥300.00', 'CN¥200.00', 'CN¥300.00']);
      if (!phone) expect(screen.getByRole('columnheader', { name: 'Order' })).toBeTruthy();
      expect(screen.getByTestId('cash-planned-by-orders').textContent).toMatch(/Planned order by order/);
      expect(screen.queryByTestId('plan-edit')).toBeNull();
    });
  }

  it('shows no order column for a plan of the contract as a whole', () => {
    renderWithProviders(
      <ReceivablesCard
        plan={plan([receivable('x', null, 0, '2026-01-01', '1000.00')])}
        phone={false}
        can={{ plan: true, write: true, change: true }}
        onAction={vi.fn()}
        onPlan={vi.fn()}
        onPay={vi.fn()}
      />,
    );
    expect(screen.queryByTestId('receivable-order')).toBeNull();
    expect(screen.queryByTestId('cash-planned-by-orders')).toBeNull();
    expect(screen.getByTestId('plan-edit')).toBeTruthy();
  });
});

describe('ReceivablesCard on a draft', () => {
  it('says an installment not owed yet is planned, and takes no payment or invoice for it', async () => {
    const planned = { ...receivable('p', null, 0, '2026-01-01', '1000.00'), status: 'open', owed: false } as Receivable;
    renderWithProviders(
      <ReceivablesCard plan={plan([planned])} phone={false} can={{ plan: true, write: true, change: false }} onAction={vi.fn()} onPlan={vi.fn()} onPay={vi.fn()} />,
    );
    const tag = screen.getByTestId('receivable-status');
    expect(tag.getAttribute('data-status')).toBe('planned');
    expect(tag.textContent).toBe('Planned');
    fireEvent.click(screen.getByTestId('receivable-actions'));
    for (const id of ['receivable-pay', 'receivable-invoice']) {
      const item = (await screen.findByTestId(id)).closest('li');
      expect(item?.getAttribute('aria-disabled')).toBe('true');
    }
  });

  it('shows an owed installment as the server says', () => {
    const owed = { ...receivable('q', null, 0, '2026-01-01', '1000.00'), status: 'overdue', days_overdue: 3, owed: true } as Receivable;
    renderWithProviders(
      <ReceivablesCard plan={plan([owed])} phone={false} can={{ plan: true, write: true, change: false }} onAction={vi.fn()} onPlan={vi.fn()} onPay={vi.fn()} />,
    );
    expect(screen.getByTestId('receivable-status').getAttribute('data-status')).toBe('overdue');
  });
});
