import { AimOutlined, DollarOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Grid, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, type HTMLAttributes } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { performanceApi, type PersonPerformance } from '../api/performance';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { compareAmounts, fromFen, toFen } from '../lib/money';
import { useLoader } from '../lib/useLoader';
import { useMoneyFormat } from '../targets/labels';
import { parsePeriod, periodOfDay, periodText, todayIn, type PeriodParts } from '../targets/period';
import { PeriodPicker } from '../targets/PeriodPicker';
import '../targets/targets.css';

type Figure = 'credited_expected' | 'credited_won' | 'credited_contracts' | 'credited_collected';
const FIGURES: Figure[] = ['credited_expected', 'credited_won', 'credited_contracts', 'credited_collected'];

/**
 * Performance (业绩): each person's credited figures for a period — expected (the open deals'
 * amount × win rate × their share), won, contracts signed and cash collected — as the deals'
 * splits credit them.
 */
export function PerformancePage() {
  const { t } = useI18n();
  const { user, can } = useSession();
  const money = useMoneyFormat();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const today = todayIn(user.tenant.time_zone);
  const thisYear = Number(today.slice(0, 4));
  const period: PeriodParts = parsePeriod(params.get('period')) ?? periodOfDay('year', today);
  const departmentId = params.get('department') || undefined;
  const text = periodText(period);
  const rows = useLoader(useCallback(() => performanceApi.performance({ period: text, department_id: departmentId }), [text, departmentId]));
  const departments = useLoader(useCallback(() => api.departments().catch(() => []), []));

  const set = (next: { period?: string; department?: string | null }) => {
    const p = new URLSearchParams(params);
    if (next.period) p.set('period', next.period);
    if (next.department !== undefined) {
      if (next.department) p.set('department', next.department);
      else p.delete('department');
    }
    setParams(p, { replace: true });
  };

  const items = rows.data ?? [];
  const totals = Object.fromEntries(FIGURES.map((f) => [f, fromFen(items.reduce((acc, r) => acc + toFen(r[f] || '0'), 0n), '').amount])) as Record<Figure, string>;

  const columns: ColumnsType<PersonPerformance> = [
    {
      title: t('performance.person'),
      fixed: 'left',
      width: phone ? 110 : 200,
      ellipsis: true,
      render: (_, row) => <span data-testid="performance-name">{row.name}</span>,
    },
    ...FIGURES.map((figure) => ({
      title: t(`performance.${figure}`),
      key: figure,
      align: 'right' as const,
      width: 150,
      sorter: (a: PersonPerformance, b: PersonPerformance) => compareAmounts(a[figure] || '0', b[figure] || '0'),
      // The most won first.
      defaultSortOrder: figure === 'credited_won' ? ('descend' as const) : undefined,
      render: (_: unknown, row: PersonPerformance) => (
        <span className="closer-num" data-testid={`performance-${figure}`} data-amount={row[figure]}>
          {money(row[figure])}
        </span>
      ),
    })),
  ];

  return (
    <div className="closer-page" data-testid="performance-page">
      <PageHeader
        title={t('performance.title')}
        subtitle={t('performance.subtitle')}
        extra={
          <Space wrap className="closer-target-actions">
            {can('targets.read') && (
              <Link to="/targets">
                <Button icon={<AimOutlined />}>{t('nav.targets')}</Button>
              </Link>
            )}
            {(can('performance.manage') || can('performance.read')) && (
              <Link to="/compensation">
                <Button icon={<DollarOutlined />}>{t('nav.compensation')}</Button>
              </Link>
            )}
          </Space>
        }
      />
      <Flex gap={8} wrap align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <PeriodPicker value={period} onChange={(next) => set({ period: periodText(next) })} years={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1]} testId="performance-period" />
        <Select<string>
          value={departmentId ?? ''}
          onChange={(value) => set({ department: value || null })}
          style={{ minWidth: 170 }}
          popupMatchSelectWidth={false}
          showSearch
          optionFilterProp="label"
          data-testid="performance-department"
          options={[{ value: '', label: t('performance.allDepartments') }, ...(departments.data ?? []).map((d) => ({ value: d.id, label: d.name }))]}
        />
      </Flex>
      {rows.error && !rows.data ? (
        <LoadError error={rows.error} onRetry={rows.reload} />
      ) : (
        <Card size="small">
          <Table<PersonPerformance>
            rowKey="user_id"
            size="small"
            loading={rows.loading}
            columns={columns}
            dataSource={items}
            pagination={items.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ 'data-testid': 'performance-row', 'data-user': row.user_id }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: <Empty description={t('performance.empty')} /> }}
            data-testid="performance-table"
            summary={() =>
              items.length > 1 && (
                <Table.Summary fixed>
                  <Table.Summary.Row>
                    <Table.Summary.Cell index={0}>
                      <Typography.Text strong>{t('performance.total')}</Typography.Text>
                    </Table.Summary.Cell>
                    {FIGURES.map((figure, i) => (
                      <Table.Summary.Cell key={figure} index={i + 1} align="right">
                        <strong className="closer-num">{money(totals[figure])}</strong>
                      </Table.Summary.Cell>
                    ))}
                  </Table.Summary.Row>
                </Table.Summary>
              )
            }
          />
        </Card>
      )}
    </div>
  );
}
