import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { LeadImport } from '../../api/types';
import { renderWithProviders } from '../../test/render';
import { checkMapping, initialMapping, mappingUsable, previewFields } from './mapping';
import { MappingStep } from './MappingStep';

const upload: LeadImport = {
  id: 'imp1',
  file_name: 'salesforce.csv',
  status: 'uploaded',
  columns: [
    { index: 0, header: 'Company', field: 'company_name' },
    { index: 1, header: 'First Name', field: 'first_name' },
    { index: 2, header: 'Mobile', field: 'phone' },
    { index: 3, header: 'Rating', field: null },
  ],
  fields: ['company_name', 'contact_name', 'first_name', 'phone', 'email', 'industry'],
  rows_total: 120,
  preview: [
    { row: 1, values: { company_name: 'Contoso', contact_name: 'Ann', phone: '13100000001' }, errors: [], duplicates: [] },
    {
      row: 2,
      values: { company_name: 'Fabrikam', contact_name: 'Bo', phone: '123' },
      errors: [{ field: 'phone', code: 'invalid_format', message: 'Not in the expected format' }],
      duplicates: [],
    },
    {
      row: 3,
      values: { company_name: '星云科技', contact_name: '王芳', phone: '13123456789' },
      errors: [],
      duplicates: [{ record_type: 'lead', id: 'l1', name: '上海星云科技有限公司', score: 96, reasons: ['same_phone'] }],
    },
  ],
  job_id: null,
  keep_good_rows: false,
  imported: 0,
  rejected: 0,
  warnings: 0,
};

describe('mapping helpers', () => {
  it('starts from the recognised columns and skips the rest', () => {
    expect(initialMapping(upload.columns)).toEqual({ '0': 'company_name', '1': 'first_name', '2': 'phone', '3': '' });
  });

  it('needs a company column and each field at most once', () => {
    expect(checkMapping({ '0': 'company_name', '1': 'phone' })).toEqual({ missingCompany: false, repeated: [] });
    expect(checkMapping({ '0': '', '1': 'phone' }).missingCompany).toBe(true);
    const repeated = checkMapping({ '0': 'company_name', '1': 'phone', '2': 'phone' });
    expect(repeated.repeated).toEqual(['phone']);
    expect(mappingUsable(repeated)).toBe(false);
  });

  it('previews the mapped fields that have values, then the derived ones', () => {
    expect(previewFields(upload.columns, initialMapping(upload.columns), upload.preview)).toEqual([
      'company_name',
      'phone',
      'contact_name',
    ]);
  });
});

describe('MappingStep', () => {
  it('shows recognised columns prefilled, and each row with its errors and duplicates', () => {
    renderWithProviders(<MappingStep upload={upload} mapping={initialMapping(upload.columns)} onChange={vi.fn()} />);
    const columns = screen.getByTestId('mapping-columns');
    expect(within(columns).getAllByText('Recognised')).toHaveLength(3);
    expect(within(screen.getByTestId('mapping-select-0')).getByText('Company')).toBeTruthy();
    expect(within(screen.getByTestId('mapping-select-3')).getByText('Do not import')).toBeTruthy();

    expect(screen.getByText('Preview: first 3 of 120 rows')).toBeTruthy();
    expect(screen.getByTestId('preview-bad-rows').textContent).toMatch(/1 of the previewed rows/);
    expect(screen.getByTestId('preview-error').textContent).toBe('Phone: Not in the expected format');
    expect(screen.getByTestId('preview-cell-error').textContent).toMatch(/123/);
    expect(screen.getByTestId('preview-duplicate').textContent).toBe('Looks like 上海星云科技有限公司 (96%)');
    expect(screen.queryByTestId('mapping-need-company')).toBeNull();
  });

  it('reports a changed column', async () => {
    const onChange = vi.fn();
    renderWithProviders(<MappingStep upload={upload} mapping={initialMapping(upload.columns)} onChange={onChange} />);
    fireEvent.mouseDown(within(screen.getByTestId('mapping-select-3')).getByRole('combobox'));
    fireEvent.click(await screen.findByTitle('Industry'));
    expect(onChange).toHaveBeenCalledWith({ '0': 'company_name', '1': 'first_name', '2': 'phone', '3': 'industry' });
  });

  it('offers the owner and campaign columns, and says in the user\'s language when a name is unknown', () => {
    const withReferences: LeadImport = {
      ...upload,
      columns: [
        { index: 0, header: 'Company', field: 'company_name' },
        { index: 1, header: '负责人', field: 'owner' },
        { index: 2, header: 'Campaign', field: 'campaign' },
      ],
      fields: [...upload.fields, 'campaign', 'owner'],
      preview: [
        {
          row: 1,
          values: { company_name: 'Contoso', owner: 'nobody@example.com', campaign: '2026 春季展会' },
          errors: [
            { field: 'owner', code: 'unknown_reference', message: 'No such record' },
            { field: 'campaign', code: 'unknown_reference', message: 'No such record' },
          ],
          duplicates: [],
        },
      ],
    };
    const mapping = initialMapping(withReferences.columns);
    const { unmount } = renderWithProviders(<MappingStep upload={withReferences} mapping={mapping} onChange={vi.fn()} />);
    expect(within(screen.getByTestId('mapping-select-1')).getByText('Owner (email or name)')).toBeTruthy();
    expect(within(screen.getByTestId('mapping-select-2')).getByText('Campaign name')).toBeTruthy();
    expect(screen.getAllByTestId('preview-error').map((e) => e.textContent)).toEqual([
      'Owner (email or name): No active user you may assign leads to has this email or name',
      'Campaign name: No campaign has this name',
    ]);
    unmount();

    renderWithProviders(<MappingStep upload={withReferences} mapping={mapping} onChange={vi.fn()} />, 'zh-CN');
    expect(screen.getAllByTestId('preview-error').map((e) => e.textContent)).toEqual([
      '负责人（邮箱或姓名）: 没有此邮箱或姓名的在职用户，或其不在您可分配的范围内',
      '市场活动名称: 没有此名称的市场活动',
    ]);
  });

  it('shows the server\'s message for a code it has no sentence for', () => {
    const odd: LeadImport = {
      ...upload,
      preview: [{ row: 1, values: { company_name: 'X' }, errors: [{ field: 'phone', code: 'too_long', message: 'At most 40 characters' }], duplicates: [] }],
    };
    renderWithProviders(<MappingStep upload={odd} mapping={initialMapping(odd.columns)} onChange={vi.fn()} />, 'zh-CN');
    expect(screen.getByTestId('preview-error').textContent).toBe('电话: At most 40 characters');
  });

  it('warns when the company is unmapped or a field repeats', () => {
    renderWithProviders(
      <MappingStep upload={upload} mapping={{ '0': '', '1': 'phone', '2': 'phone', '3': '' }} onChange={vi.fn()} />,
    );
    expect(screen.getByTestId('mapping-need-company')).toBeTruthy();
    expect(screen.getByTestId('mapping-repeated').textContent).toMatch(/Phone/);
  });
});
