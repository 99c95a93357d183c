import { Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, type HTMLAttributes, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { analyticsApi } from '../api/analytics';
import type { ForecastQuery } from '../api/types';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { forecastDrillUrl } from './filters';
import { openReps, type RepRow } from './forecastByRep';

/**
 * The forecast's open deals by rep: count and amount from the pipeline report grouped by
 * owner (same period and department), with its expected amount. Every figure opens that
 * rep's deals.
 */
export function ForecastByRep({ query, phone }: { query: ForecastQuery; phone: boolean }) {
  const { t, language } = useI18n();
  const queryKey = JSON.stringify(query);
  const load = useCallback(async (): Promise<RepRow[]> => {
    const filters = JSON.parse(queryKey) as ForecastQuery;
    const pipeline = await analyticsApi.pipeline({ group_by: 'owner', period: filters.period, department_id: filters.department_id, owner_id: filters.owner_id });
    return openReps(pipeline.rows);
  }, [queryKey]);
  const reps = useLoader(load);

  const drill = (rep: RepRow, testId: string, children: ReactNode) => (
    <Link to={forecastDrillUrl({ ...query, owner_id: rep.owner_id, open: 'true' })} data-testid={testId} className="closer-num">
      {children}
    </Link>
  );
  const columns: ColumnsType<RepRow> = [
    { title: t('opps.forecast.rep'), render: (_, r) => drill(r, 'forecast-rep-name', r.name) },
    { title: t('opps.forecast.countShort'), align: 'right', render: (_, r) => drill(r, 'forecast-rep-count', r.count) },
    { title: t('opps.forecast.amount'), align: 'right', render: (_, r) => drill(r, 'forecast-rep-amount', formatMoney(r.amount, language)) },
    {
      title: t('opps.forecast.expected'),
      align: 'right',
      render: (_, r) => drill(r, 'forecast-rep-expected', formatMoney(r.expected, language)),
    },
  ];

  return (
    <Card size="small" title={t('opps.forecast.byRep')} extra={phone ? undefined : <Typography.Text type="secondary">{t('opps.forecast.figureHint')}</Typography.Text>}>
      {reps.error && !reps.data ? (
        <LoadError error={reps.error} onRetry={reps.reload} />
      ) : (
        <Table<RepRow>
          rowKey="owner_id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={reps.data ?? []}
          loading={reps.loading}
          scroll={{ x: 'max-content' }}
          className="closer-forecast-table"
          onRow={(r) => ({ 'data-testid': 'forecast-rep-row', 'data-owner-id': r.owner_id }) as HTMLAttributes<HTMLElement>}
          data-testid="forecast-rep-table"
        />
      )}
    </Card>
  );
}
