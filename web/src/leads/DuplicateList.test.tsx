import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Duplicate } from '../api/types';
import { renderWithProviders } from '../test/render';
import { DuplicateList, duplicateLink, sortDuplicates } from './DuplicateList';

const duplicates: Duplicate[] = [
  { record_type: 'customer', id: 'c1', name: '上海星云科技有限公司', score: 80, reasons: ['similar_company'] },
  { record_type: 'lead', id: 'l1', name: '星云科技 · 王芳', score: 100, reasons: ['same_phone', 'same_company'] },
  { record_type: 'contact', id: 'k1', name: '王芳', score: 95, reasons: ['same_email'] },
];

describe('DuplicateList', () => {
  it('shows each duplicate with its type, score, reasons and a link, best match first', () => {
    renderWithProviders(<DuplicateList duplicates={duplicates} />);
    const alert = screen.getByTestId('duplicate-warning');
    expect(within(alert).getByText('Possible duplicates (3)')).toBeTruthy();
    const items = screen.getAllByTestId('duplicate-item');
    expect(items.map((item) => item.getAttribute('data-id'))).toEqual(['l1', 'k1', 'c1']);

    const lead = items[0];
    expect(within(lead).getByText('Lead')).toBeTruthy();
    expect(within(lead).getByText('100% match')).toBeTruthy();
    expect(within(lead).getAllByTestId('duplicate-reason').map((tag) => tag.textContent)).toEqual([
      'Same phone',
      'Same company',
    ]);
    expect(within(lead).getByTestId('duplicate-link').getAttribute('href')).toBe('/leads/l1');
    // A contact has no page of its own: its name shows without a link.
    expect(within(items[1]).queryByTestId('duplicate-link')).toBeNull();
    expect(within(items[1]).getByText('Same email')).toBeTruthy();
    expect(within(items[2]).getByTestId('duplicate-link').getAttribute('href')).toBe('/customers/c1');
    expect(within(items[2]).getByText('Similar company name')).toBeTruthy();
    // Without a merge handler there is nothing to merge.
    expect(screen.queryByTestId('duplicate-merge')).toBeNull();
  });

  it('offers Merge on lead duplicates only and hands the duplicate over', () => {
    const onMerge = vi.fn();
    renderWithProviders(<DuplicateList duplicates={duplicates} onMerge={onMerge} />);
    const buttons = screen.getAllByTestId('duplicate-merge');
    expect(buttons).toHaveLength(1);
    fireEvent.click(buttons[0]);
    expect(onMerge).toHaveBeenCalledWith(duplicates[1]);
  });

  it('shows the first few and the rest on request', () => {
    const many: Duplicate[] = Array.from({ length: 5 }, (_, i) => ({
      record_type: 'lead',
      id: `l${i}`,
      name: `Lead ${i}`,
      score: 90 - i,
      reasons: ['similar_company'],
    }));
    renderWithProviders(<DuplicateList duplicates={many} />);
    expect(screen.getAllByTestId('duplicate-item')).toHaveLength(3);
    fireEvent.click(screen.getByTestId('duplicate-show-all'));
    expect(screen.getAllByTestId('duplicate-item')).toHaveLength(5);
  });

  it('renders nothing without duplicates, and unknown reasons as their code', () => {
    const { container } = renderWithProviders(<DuplicateList duplicates={[]} />);
    expect(container.querySelector('[data-testid="duplicate-warning"]')).toBeNull();
    renderWithProviders(
      <DuplicateList duplicates={[{ record_type: 'lead', id: 'x', name: 'X', score: 50, reasons: ['same_fax'] }]} />,
      'zh-CN',
    );
    expect(screen.getByText('same_fax')).toBeTruthy();
    expect(screen.getByText('可能重复（1）')).toBeTruthy();
  });
});

describe('duplicate helpers', () => {
  it('link leads and customers, and sort by score keeping ties in order', () => {
    expect(duplicateLink(duplicates[1])).toBe('/leads/l1');
    expect(duplicateLink(duplicates[2])).toBeNull();
    const tie: Duplicate[] = [
      { record_type: 'lead', id: 'a', name: 'A', score: 90, reasons: [] },
      { record_type: 'lead', id: 'b', name: 'B', score: 90, reasons: [] },
      { record_type: 'lead', id: 'c', name: 'C', score: 99, reasons: [] },
    ];
    expect(sortDuplicates(tie).map((d) => d.id)).toEqual(['c', 'a', 'b']);
  });
});
