import {
  CalendarOutlined,
  CheckSquareOutlined,
  ClockCircleOutlined,
  FundOutlined,
  NotificationOutlined,
  RightOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, Grid, List, Progress, Row, Select, Skeleton, Tag, TreeSelect, Typography } from 'antd';
import { useCallback, useMemo, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { analyticsApi } from '../api/analytics';
import { api } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Department, Money, Process, User } from '../api/types';
import { canOpen } from '../app/access';
import { useSession } from '../auth/session';
import { yearChoices } from '../analytics/period';
import { summaryLinks } from '../cash/query';
import { CompactMoney } from '../components/CompactMoney';
import { LoadError } from '../components/LoadError';
import { wonTrendOption } from '../home/charts';
import {
  analyticsUrl,
  conversionRate,
  forecastFigures,
  forecastUrl,
  homeCards,
  homeKind,
  opportunitiesUrl,
  progressPercent,
  targetUrl,
  type Dashboard,
  type HomeCard,
  type HomeFilters,
  type HomeKind,
  type PipelineFigures,
  type StuckDeal,
  type TargetFigures,
} from '../home/dashboard';
import '../home/home.css';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatMoneyCompact, formatNumber } from '../lib/format';
import { toFen } from '../lib/money';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { stageName } from '../opportunities/lookups';
import { buildDepartmentTree, toTreeSelect } from '../org/departmentTree';
import { PeriodPicker } from '../targets/PeriodPicker';
import { parsePeriod, periodText, todayIn, type PeriodParts } from '../targets/period';

/** A link when the role may open the page, else the same content without one. */
function MaybeLink({ to, testId, className, children }: { to: string; testId?: string; className?: string; children: ReactNode }) {
  const { can } = useSession();
  if (canOpen(to.split('?')[0], can)) {
    return (
      <Link to={to} data-testid={testId} className={className}>
        {children}
      </Link>
    );
  }
  return (
    <span data-testid={testId} className={className}>
      {children}
    </span>
  );
}

/** One figure: a label, the value, and a line under it; the whole tile leads to `to`. */
function Figure({
  to,
  label,
  value,
  sub,
  tone,
  testId,
  icon,
}: {
  to: string;
  label: string;
  value: ReactNode;
  sub?: ReactNode;
  tone?: 'won' | 'open' | 'lost' | 'expected' | 'danger' | 'warning';
  testId: string;
  icon?: ReactNode;
}) {
  return (
    <MaybeLink to={to} testId={testId} className="closer-home-figure">
      <span className="closer-home-figure__label">
        {icon}
        {label}
      </span>
      <span className={`closer-home-figure__value${tone ? ` closer-home-figure__value--${tone}` : ''}`} data-testid={`${testId}-value`}>
        {value}
      </span>
      {sub !== undefined && <span className="closer-home-figure__sub">{sub}</span>}
    </MaybeLink>
  );
}

/** A target's value: money, or a count for counted metrics (no currency). */
function useValue() {
  const { language } = useI18n();
  return useCallback(
    (money: Money): ReactNode => (money.currency ? <CompactMoney money={money} /> : formatNumber(money.amount, language, 0)),
    [language],
  );
}

function TargetBlock({ target, forecast }: { target: TargetFigures | null | undefined; forecast?: Money | null }) {
  const { t, tx, language } = useI18n();
  const value = useValue();
  const { can } = useSession();
  if (!target) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={
          <span data-testid="home-target-none">
            {t('home.target.none')}
            {canOpen('/targets', can) && (
              <>
                {' '}
                <Link to="/targets">{t('home.target.open')}</Link>
              </>
            )}
          </span>
        }
      />
    );
  }
  const withForecast = forecast !== undefined ? forecastFigures(target, forecast) : null;
  const text = (money: Money) => (money.currency ? formatMoneyCompact(money, language) : formatNumber(money.amount, language, 0));
  const percent = progressPercent(withForecast?.rate ?? target.rate);
  const done = progressPercent(target.rate);
  const rate = target.rate === null || target.rate === undefined ? t('common.none') : `${target.rate}%`;
  return (
    <div className="closer-home-target" data-testid="home-target">
      <MaybeLink to={targetUrl(target)} testId="home-target-link" className="closer-home-target__link">
        <Flex justify="space-between" align="baseline" gap={8} wrap>
          <span className="closer-home-target__rate" data-testid="home-target-rate">
            {rate}
          </span>
          <Typography.Text type="secondary" className="closer-home-target__metric">
            {tx(`targets.metric.${target.metric}`, target.metric)} · {tx(`home.target.unit.${target.unit}`, target.unit)}
          </Typography.Text>
        </Flex>
        <Progress
          percent={withForecast ? percent : done}
          success={withForecast ? { percent: done } : undefined}
          showInfo={false}
          strokeColor={withForecast ? '#93c5fd' : done >= 100 ? '#16a34a' : '#2563eb'}
          size={['100%', 12]}
          aria-label={t('home.target.title')}
        />
        <Flex justify="space-between" gap={8} wrap className="closer-home-target__figures">
          <span>
            <Typography.Text type="secondary">{t('home.target.actual')} </Typography.Text>
            <strong data-testid="home-target-actual">{value(target.actual)}</strong>
          </span>
          <span>
            <Typography.Text type="secondary">{t('home.target.target')} </Typography.Text>
            <strong data-testid="home-target-target">{value(target.target)}</strong>
          </span>
        </Flex>
        {withForecast && (
          <Typography.Text type="secondary" className="closer-home-target__forecast" data-testid="home-target-forecast">
            {t('home.target.forecast', { amount: text(withForecast.total), rate: withForecast.rate ?? '—' })}
          </Typography.Text>
        )}
      </MaybeLink>
      <Typography.Text type="secondary" className="closer-home-target__plan" ellipsis>
        {target.plan_name}
      </Typography.Text>
    </div>
  );
}

function PipelineFiguresGrid({ pipeline, filters }: { pipeline: PipelineFigures; filters: HomeFilters }) {
  const { t } = useI18n();
  const money = (m: Money) => <CompactMoney money={m} />;
  const list = opportunitiesUrl(filters);
  const deals = (count: number) => t('home.deals', { count });
  return (
    <div className="closer-home-figures" data-testid="home-pipeline">
      <Figure to={list} label={t('home.pipeline.open')} value={money(pipeline.open_amount)} sub={deals(pipeline.open_count)} tone="open" testId="home-open-amount" />
      <Figure to={list} label={t('home.pipeline.won')} value={money(pipeline.won_amount)} sub={deals(pipeline.won_count)} tone="won" testId="home-won-amount" />
      <Figure to={list} label={t('home.pipeline.lost')} value={money(pipeline.lost_amount)} sub={deals(pipeline.lost_count)} tone="lost" testId="home-lost-amount" />
      <Figure
        to={forecastUrl(filters)}
        label={t('home.pipeline.expected')}
        value={money(pipeline.expected_amount)}
        sub={t('home.pipeline.expectedHint')}
        tone="expected"
        testId="home-expected-amount"
      />
    </div>
  );
}

function StuckList({ stuck, showOwner, ownerName, stageLabel }: { stuck: StuckDeal[]; showOwner: boolean; ownerName: (id?: string | null) => string; stageLabel: (s: StuckDeal['stage']) => string }) {
  const { t } = useI18n();
  return (
    <List<StuckDeal>
      size="small"
      dataSource={stuck}
      data-testid="home-stuck-list"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.stuck.none')} /> }}
      renderItem={(deal) => (
        <List.Item data-testid="home-stuck-row">
          <Flex justify="space-between" align="center" gap={8} style={{ width: '100%', minWidth: 0 }}>
            <Flex vertical style={{ minWidth: 0 }}>
              <MaybeLink to={`/opportunities/${deal.id}`} className="closer-home-stuck__name" testId="home-stuck-name">
                {deal.name}
              </MaybeLink>
              <Typography.Text type="secondary" className="closer-home-stuck__meta">
                <span data-testid="home-stuck-stage">{stageLabel(deal.stage)}</span>
                {showOwner && <> · <span data-testid="home-stuck-owner">{ownerName(deal.owner_id)}</span></>}
                {' · '}
                <CompactMoney money={deal.amount} />
              </Typography.Text>
            </Flex>
            <Tag color={deal.days_in_stage >= 90 ? 'red' : 'orange'} className="closer-home-stuck__days" data-testid="home-stuck-days">
              {t('home.stuck.days', { days: deal.days_in_stage })}
            </Tag>
          </Flex>
        </List.Item>
      )}
    />
  );
}

function CashFigures({ cash }: { cash: NonNullable<Dashboard['cash']> }) {
  const { t } = useI18n();
  const links = summaryLinks(cash.today);
  const money = (m: Money) => <CompactMoney money={m} />;
  return (
    <div className="closer-home-figures closer-home-figures--four" data-testid="home-cash">
      <Figure to={links.dueThisWeek} icon={<CalendarOutlined />} label={t('cash.home.dueThisWeek')} value={money(cash.due_this_week)} testId="home-cash-due" />
      <Figure
        to={links.overdue}
        icon={<WarningOutlined />}
        label={t('cash.home.overdue')}
        value={money(cash.overdue)}
        tone={toFen(cash.overdue.amount) > 0n ? 'danger' : undefined}
        testId="home-cash-overdue"
      />
      <Figure to={links.outstanding} label={t('cash.home.outstanding')} value={money(cash.outstanding)} testId="home-cash-outstanding" />
      <Figure to={links.collected} label={t('cash.home.collectedThisMonth')} value={money(cash.collected_this_month)} tone="won" testId="home-cash-collected" />
    </div>
  );
}

function useDashboard(period: string, departmentId: string | undefined, ownerId: string | undefined) {
  return useLoader(
    useCallback(() => analyticsApi.dashboard({ period, department_id: departmentId, owner_id: ownerId }), [period, departmentId, ownerId]),
  );
}

const SPANS: Record<HomeKind, Partial<Record<HomeCard, number>>> = {
  rep: { target: 8, pipeline: 10, today: 6, stuck: 24, cash: 24 },
  manager: { forecast: 14, trend: 10, stuck: 24, cash: 24 },
  marketing: { campaigns: 10, pipeline: 14, trend: 24, cash: 24 },
  other: { cash: 24, forecast: 14, trend: 10, campaigns: 24 },
};

/**
 * The home page of every role but finance's cash desk: what the caller is measured on, for a
 * period (and, for managers, a department or an owner) — a rep's target, pipeline, today and
 * stuck deals; a manager's forecast against target, the won trend and who is stuck where;
 * marketing's leads; cash due and overdue for those who read cash. Every figure leads to the
 * list or report behind it.
 */
export function HomePage() {
  const { t, tx, language } = useI18n();
  const { user, can } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const today = todayIn(user.tenant.time_zone);
  const period: PeriodParts = parsePeriod(params.get('period')) ?? { kind: 'year', year: Number(today.slice(0, 4)), index: 1 };
  const periodKey = periodText(period);
  const departmentId = params.get('department_id') ?? undefined;
  const ownerId = params.get('owner_id') ?? undefined;
  const kind = homeKind(user.role_key, user.data_scope);
  const team = kind === 'manager' && user.data_scope !== 'own';
  const teamDepartment = team ? departmentId : undefined;
  const teamOwner = team ? ownerId : undefined;
  const filters: HomeFilters = { period: periodKey, department_id: teamDepartment, owner_id: teamOwner };

  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const dashboard = useDashboard(periodKey, teamDepartment, teamOwner);
  const d = dashboard.data;
  const departments = useLoader(useCallback(() => (team ? api.departments() : Promise.resolve([])).catch(() => [] as Department[]), [team]));
  const tree = useMemo(() => toTreeSelect(buildDepartmentTree(departments.data ?? [], language)), [departments.data, language]);
  const users = useLoader(useCallback(() => (team ? api.allUsers() : Promise.resolve([])).catch(() => [] as User[]), [team]));
  const userById = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  const ownerName = useCallback((id?: string | null) => (id ? (userById.get(id)?.name ?? t('common.none')) : t('common.none')), [userById, t]);
  const readsDeals = can('opportunities.read');
  const processes = useLoader(useCallback(() => (readsDeals ? opportunitiesApi.processes() : Promise.resolve([])).catch(() => [] as Process[]), [readsDeals]));
  const stageLabel = useCallback(
    (stage: StuckDeal['stage']) => {
      for (const process of processes.data ?? []) {
        const full = process.stages.find((s) => s.id === stage.id);
        if (full) return stageName(full, language);
      }
      return stage.name;
    },
    [processes.data, language],
  );

  const cards = d ? homeCards(kind, d, canOpen('/today', can)) : [];
  const wonWord = t('home.pipeline.won');
  const trendOption = useMemo(
    () => (d ? wonTrendOption(d.won_by_month, { won: wonWord }, (m) => formatMoney(m, language), language, phone) : null),
    [d, wonWord, language, phone],
  );

  const card = (key: HomeCard): ReactNode => {
    if (!d) return null;
    switch (key) {
      case 'target':
        return (
          <Card size="small" title={t('home.target.mine')} className="closer-home-card" data-testid="home-card-target">
            <TargetBlock target={d.target} />
          </Card>
        );
      case 'pipeline':
        return (
          <Card
            size="small"
            title={kind === 'rep' ? t('home.pipeline.mine') : t('home.pipeline.title')}
            className="closer-home-card"
            data-testid="home-card-pipeline"
            extra={<MaybeLink to={analyticsUrl(filters)} testId="home-pipeline-analytics">{t('home.toAnalytics')}</MaybeLink>}
          >
            {d.pipeline && <PipelineFiguresGrid pipeline={d.pipeline} filters={filters} />}
          </Card>
        );
      case 'forecast':
        return (
          <Card
            size="small"
            title={t(user.data_scope === 'tenant' ? 'home.forecast.company' : 'home.forecast.team')}
            className="closer-home-card"
            data-testid="home-card-forecast"
            extra={<MaybeLink to={forecastUrl(filters)} testId="home-forecast-link">{t('home.forecast.open')}</MaybeLink>}
          >
            <TargetBlock target={d.target} forecast={d.pipeline ? d.pipeline.expected_amount : undefined} />
            {d.pipeline && (
              <div style={{ marginTop: 12 }}>
                <PipelineFiguresGrid pipeline={d.pipeline} filters={filters} />
              </div>
            )}
          </Card>
        );
      case 'today':
        return (
          <Card size="small" title={t('home.today.title')} className="closer-home-card" data-testid="home-card-today">
            <Flex vertical gap={12} align="flex-start">
              <Typography.Text type="secondary">{t('home.today.hint')}</Typography.Text>
              <Link to="/today" data-testid="home-today-link">
                <Button type="primary" icon={<CheckSquareOutlined />}>
                  {t('home.today.open')}
                </Button>
              </Link>
            </Flex>
          </Card>
        );
      case 'trend':
        return (
          <Card
            size="small"
            title={t('home.trend.title')}
            className="closer-home-card"
            data-testid="home-card-trend"
            extra={<MaybeLink to={analyticsUrl(filters)} testId="home-trend-analytics">{t('home.toAnalytics')}</MaybeLink>}
          >
            {d.won_by_month.length === 0 || !trendOption ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.trend.empty')} />
            ) : (
              <Chart
                option={trendOption}
                height={phone ? 200 : 330}
                label={t('home.trend.title')}
                testId="home-trend-chart"
                onClick={(p) => {
                  const month = d.won_by_month[p.dataIndex];
                  if (month && canOpen('/opportunities', can)) navigate(opportunitiesUrl(filters, month.month));
                }}
              />
            )}
          </Card>
        );
      case 'stuck':
        return (
          <Card
            size="small"
            title={
              <span>
                <ClockCircleOutlined /> {kind === 'rep' ? t('home.stuck.mine') : t('home.stuck.title')}
              </span>
            }
            className="closer-home-card"
            data-testid="home-card-stuck"
          >
            <Typography.Text type="secondary" className="closer-home-hint">
              {t('home.stuck.hint')}
            </Typography.Text>
            <StuckList stuck={d.stuck} showOwner={kind !== 'rep'} ownerName={ownerName} stageLabel={stageLabel} />
          </Card>
        );
      case 'campaigns': {
        const c = d.campaigns;
        if (!c) return null;
        const rate = conversionRate(c);
        const to = analyticsUrl(filters, { report: 'campaigns' });
        return (
          <Card
            size="small"
            title={
              <span>
                <NotificationOutlined /> {t('home.campaigns.title')}
              </span>
            }
            className="closer-home-card"
            data-testid="home-card-campaigns"
            extra={<MaybeLink to={to} testId="home-campaigns-analytics">{t('home.toAnalytics')}</MaybeLink>}
          >
            <div className="closer-home-figures closer-home-figures--three">
              <Figure to="/leads" label={t('home.campaigns.leads')} value={formatNumber(c.leads, language)} testId="home-campaign-leads" />
              <Figure to="/customers" label={t('home.campaigns.converted')} value={formatNumber(c.converted_leads, language)} tone="won" testId="home-campaign-converted" />
              <Figure to={to} label={t('home.campaigns.rate')} value={rate === null ? t('common.none') : `${rate}%`} testId="home-campaign-rate" />
            </div>
          </Card>
        );
      }
      case 'cash':
        return d.cash ? (
          <Card
            size="small"
            title={t('home.cash.title')}
            className="closer-home-card"
            data-testid="home-card-cash"
            extra={<MaybeLink to="/cash/overview" testId="home-cash-link">{t('home.cash.open')}</MaybeLink>}
          >
            <CashFigures cash={d.cash} />
          </Card>
        ) : null;
    }
  };

  return (
    <div className="closer-home" data-testid="home" data-home-kind={kind}>
      <div className="closer-welcome">
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: user.name })}
        </Typography.Title>
        <Flex gap={8} wrap align="center" className="closer-home-who">
          <Tag color="blue" data-testid="home-role" style={{ marginInlineEnd: 0 }}>
            {tx(`role.${user.role_key}`, user.role_key)}
          </Tag>
          <Typography.Text type="secondary" data-testid="home-scope">
            {tx(`scope.${user.data_scope}`, user.data_scope)}
          </Typography.Text>
          <Typography.Text type="secondary">{user.tenant.name}</Typography.Text>
        </Flex>
      </div>
      <Flex gap={8} wrap align="center" className="closer-home-filters" data-testid="home-filters">
        <PeriodPicker
          value={period}
          onChange={(next) => set({ period: periodText(next) })}
          years={yearChoices(today, period.year)}
          testId="home-period"
        />
        {team && (
          <TreeSelect
            allowClear
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            placeholder={t('analytics.filter.department')}
            value={departmentId}
            onChange={(value?: string) => set({ department_id: value })}
            treeData={tree}
            className="closer-home-filter"
            popupMatchSelectWidth={false}
            data-testid="home-department"
          />
        )}
        {team && (
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('analytics.filter.owner')}
            value={ownerId}
            onChange={(value?: string) => set({ owner_id: value })}
            options={(users.data ?? []).filter((u) => u.active !== false).map((u) => ({ value: u.id, label: u.name }))}
            className="closer-home-filter"
            popupMatchSelectWidth={false}
            data-testid="home-owner"
          />
        )}
      </Flex>
      {dashboard.error && !d ? (
        <LoadError error={dashboard.error} onRetry={dashboard.reload} />
      ) : !d ? (
        <Skeleton active />
      ) : cards.length === 0 ? (
        <Card className="closer-home-card">
          <Empty description={t('home.nothing')} data-testid="home-nothing">
            <Flex gap={8} wrap justify="center">
              {canOpen('/customers', can) && (
                <Link to="/customers">
                  <Button icon={<FundOutlined />}>{t('nav.customers')}</Button>
                </Link>
              )}
              <Link to="/org/departments">
                <Button icon={<RightOutlined />}>{t('nav.departments')}</Button>
              </Link>
            </Flex>
          </Empty>
        </Card>
      ) : (
        <Row gutter={[12, 12]} data-testid="home-cards" className={dashboard.loading ? 'closer-home-cards is-loading' : 'closer-home-cards'}>
          {cards.map((key) => (
            <Col key={key} xs={24} lg={SPANS[kind][key] ?? 24}>
              {card(key)}
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
