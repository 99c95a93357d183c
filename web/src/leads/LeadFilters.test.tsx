import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { LeadFilters } from './LeadFilters';
import type { LeadLookups } from './lookups';

const lookups = { users: [], activeUsers: [], campaigns: [], userName: () => '', campaignName: () => '', reloadCampaigns: vi.fn() } as LeadLookups;

describe('LeadFilters', () => {
  it('offers every order and reports the chosen one', async () => {
    const onChange = vi.fn();
    renderWithProviders(<LeadFilters query={{ sort: '-updated_at' }} lookups={lookups} onChange={onChange} />);
    const picker = screen.getByTestId('filter-sort');
    expect(within(picker).getByText('Recently updated')).toBeTruthy();
    fireEvent.mouseDown(within(picker).getByRole('combobox'));
    for (const label of ['Newest first', 'Oldest first', 'Least recently updated', 'Company A → Z']) {
      expect(await screen.findByTitle(label)).toBeTruthy();
    }
    fireEvent.click(screen.getByTitle('Company Z → A'));
    expect(onChange).toHaveBeenCalledWith({ sort: '-company_name' });
  });

  it('names the orders in Chinese', () => {
    renderWithProviders(<LeadFilters query={{}} lookups={lookups} onChange={vi.fn()} />, 'zh-CN');
    expect(within(screen.getByTestId('filter-sort')).getByText('最新创建在前')).toBeTruthy();
  });
});
