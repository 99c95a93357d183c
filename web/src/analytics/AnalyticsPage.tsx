import { Flex, Grid, Select, Tabs, TreeSelect } from 'antd';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { EFFICIENCY_GROUPS, PIPELINE_GROUPS, type EfficiencyGroup, type PipelineGroup } from '../api/analytics';
import { api } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Department, Process } from '../api/types';
import { useSession } from '../auth/session';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { useUserNames } from '../opportunities/lookups';
import { buildDepartmentTree, toTreeSelect } from '../org/departmentTree';
import { todayIn } from '../targets/period';
import './analytics.css';
import { CampaignsReport } from './CampaignsReport';
import { EfficiencyReport } from './EfficiencyReport';
import { apiPeriod, periodFromParam, periodParam, type AnalyticsPeriod } from './period';
import { PeriodFilter } from './PeriodFilter';
import { PipelineReport } from './PipelineReport';
import { RegionsReport } from './RegionsReport';
import { WinLossReport } from './WinLossReport';
import type { ReportFilters } from './report';

const TABS = ['pipeline', 'efficiency', 'campaigns', 'win-loss', 'regions'] as const;
type Tab = (typeof TABS)[number];

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/**
 * Analytics (分析): where results come from — the pipeline by month, owner, department,
 * product or campaign, each rep's efficiency against the team, what campaigns return, why
 * deals are lost and to whom, and each region against its target — for a period, a
 * department and an owner, every figure leading to its deals and both reports as files.
 */
export function AnalyticsPage() {
  const { t, language } = useI18n();
  const { user } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const today = todayIn(user.tenant.time_zone);
  const manager = user.data_scope !== 'own';

  const tab = oneOf<Tab>(params.get('report'), TABS, 'pipeline');
  const period = periodFromParam(params.get('period'), today);
  const groupBy = oneOf<PipelineGroup>(params.get('group_by'), PIPELINE_GROUPS, 'month');
  const teamBy = oneOf<EfficiencyGroup>(params.get('team_by'), EFFICIENCY_GROUPS, 'owner');
  const departmentId = params.get('department_id') ?? undefined;
  const ownerId = params.get('owner_id') ?? undefined;
  const periodText = apiPeriod(period);
  const filters: ReportFilters = useMemo(
    () => ({ period: periodText, department_id: departmentId, owner_id: ownerId }),
    [periodText, departmentId, ownerId],
  );

  const set = (changes: Record<string, string | null | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const departments = useLoader(useCallback(() => (manager ? api.departments() : Promise.resolve([])).catch(() => [] as Department[]), [manager]));
  const tree = useMemo(() => toTreeSelect(buildDepartmentTree(departments.data ?? [], language)), [departments.data, language]);
  const { users } = useUserNames();
  const processes = useLoader(useCallback(() => opportunitiesApi.processes().catch(() => [] as Process[]), []));

  return (
    <div className="closer-page closer-analytics" data-testid="analytics-page">
      <PageHeader title={t('analytics.title')} subtitle={t('analytics.subtitle')} />
      <Flex gap={8} wrap align="center" className="closer-analytics-filters" data-testid="analytics-filters">
        <PeriodFilter value={period} onChange={(next: AnalyticsPeriod) => set({ period: periodParam(next) })} today={today} />
        {manager && (
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder={t('analytics.filter.department')}
            value={departmentId}
            onChange={(value?: string) => set({ department_id: value })}
            treeData={tree}
            className="closer-analytics-filter"
            popupMatchSelectWidth={false}
            data-testid="analytics-department"
          />
        )}
        {manager && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('analytics.filter.owner')}
            value={ownerId}
            onChange={(value?: string) => set({ owner_id: value })}
            options={users.filter((u) => u.active !== false).map((u) => ({ value: u.id, label: u.name }))}
            className="closer-analytics-filter"
            popupMatchSelectWidth={false}
            data-testid="analytics-owner"
          />
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => set({ report: key === 'pipeline' ? null : key })}
        destroyOnHidden
        items={[
          {
            key: 'pipeline',
            label: <span data-testid="analytics-tab-pipeline">{t('analytics.tab.pipeline')}</span>,
            children: (
              <PipelineReport filters={filters} groupBy={groupBy} onGroupBy={(g) => set({ group_by: g === 'month' ? null : g })} phone={phone} />
            ),
          },
          {
            key: 'efficiency',
            label: <span data-testid="analytics-tab-efficiency">{t('analytics.tab.efficiency')}</span>,
            children: (
              <EfficiencyReport
                filters={filters}
                groupBy={teamBy}
                onGroupBy={(g) => set({ team_by: g === 'owner' ? null : g })}
                processes={processes.data ?? []}
                phone={phone}
              />
            ),
          },
          {
            key: 'campaigns',
            label: <span data-testid="analytics-tab-campaigns">{t('analytics.tab.campaigns')}</span>,
            children: <CampaignsReport filters={filters} phone={phone} />,
          },
          {
            key: 'win-loss',
            label: <span data-testid="analytics-tab-win-loss">{t('analytics.tab.winLoss')}</span>,
            children: <WinLossReport filters={filters} processes={processes.data ?? []} phone={phone} />,
          },
          {
            key: 'regions',
            label: <span data-testid="analytics-tab-regions">{t('analytics.tab.regions')}</span>,
            children: <RegionsReport filters={filters} phone={phone} />,
          },
        ]}
      />
    </div>
  );
}
