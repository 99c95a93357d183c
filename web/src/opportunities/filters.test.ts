import { describe, expect, it } from 'vitest';
import { forecastDrillUrl, listQuery, queryFromParams, splitSort } from './filters';

const listFilters = (url: string) => {
  const [path, search] = url.split('?');
  const params = new URLSearchParams(search);
  return { path, view: params.get('view'), query: queryFromParams(params) };
};

describe('forecastDrillUrl', () => {
  it('opens the list with the forecast filters and the stage, as the list reads them back', () => {
    const url = forecastDrillUrl({ period: '2026-Q2', department_id: 'd1', owner_id: 'u1', stage_id: 's1' });
    expect(listFilters(url)).toEqual({
      path: '/opportunities',
      view: 'list',
      query: { period: '2026-Q2', department_id: 'd1', owner_id: 'u1', stage_id: 's1' },
    });
  });

  it('leaves out the filters not set', () => {
    expect(forecastDrillUrl({ period: '2026', owner_id: undefined, department_id: '' })).toBe('/opportunities?view=list&period=2026');
  });
});

describe('open deals only', () => {
  it('is kept in the address and sent to the list API as open=true', () => {
    const url = forecastDrillUrl({ period: '2026', owner_id: 'u1', open: 'true' });
    const query = queryFromParams(new URLSearchParams(url.split('?')[1]));
    expect(query).toEqual({ period: '2026', owner_id: 'u1', open: 'true' });
    expect(listQuery(query)).toEqual({ period: '2026', owner_id: 'u1', open: true });
    expect(listQuery({ on_my_team: 'true', open: 'true' })).toEqual({ on_my_team: true, open: true });
    expect(listQuery({ period: '2026', open: 'false' })).toEqual({ period: '2026' });
  });
});

describe('the list order', () => {
  it('keeps a known sort from the address and passes it to the list, dropping an unknown one', () => {
    expect(listQuery(queryFromParams(new URLSearchParams('sort=-amount&open=true')))).toEqual({ sort: '-amount', open: true });
    expect(queryFromParams(new URLSearchParams('sort=probability'))).toEqual({});
    expect(splitSort(undefined)).toEqual({ field: 'created_at', descending: true });
    expect(splitSort('name')).toEqual({ field: 'name', descending: false });
  });
});
