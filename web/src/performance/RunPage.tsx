import { ArrowLeftOutlined, CheckCircleOutlined, DownloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Empty, Flex, Grid, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useState, type HTMLAttributes } from 'react';
import { Link, useParams } from 'react-router-dom';
import { performanceApi, type RunChange } from '../api/performance';
import { targetsApi } from '../api/targets';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatPeriod } from '../lib/format';
import { toFen } from '../lib/money';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import { useMoneyFormat } from '../targets/labels';
import '../targets/targets.css';
import { RunStatusTag } from './RunStatusTag';
import { RunTable } from './RunTable';

/** What recalculating the run now would change, per person; Apply recalculates it. */
function RecalculationDrawer({ runId, onClose, onApplied }: { runId: string; onClose: () => void; onApplied: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const money = useMoneyFormat();
  const phone = Grid.useBreakpoint().sm === false;
  const changes = useLoader(useCallback(() => performanceApi.recalculation(runId), [runId]));
  const [applying, setApplying] = useState(false);
  const apply = async () => {
    setApplying(true);
    try {
      await performanceApi.recalculate(runId);
      void message.success(t('compensation.recalc.applied'));
      onApplied();
    } catch (error) {
      void message.error(problemMessage(error, t));
    } finally {
      setApplying(false);
    }
  };
  const list = changes.data ?? [];
  const columns: ColumnsType<RunChange> = [
    { title: t('compensation.person'), render: (_, c) => c.name },
    { title: t('compensation.recalc.before'), align: 'right', render: (_, c) => <span className="closer-num">{money(c.before)}</span> },
    { title: t('compensation.recalc.after'), align: 'right', render: (_, c) => <span className="closer-num">{money(c.after)}</span> },
    {
      title: t('compensation.recalc.difference'),
      align: 'right',
      render: (_, c) => {
        const fen = toFen(c.difference || '0');
        return (
          <Typography.Text className="closer-num" type={fen < 0n ? 'danger' : fen > 0n ? 'success' : undefined} data-testid="recalc-difference">
            {fen > 0n ? '+' : ''}
            {money(c.difference)}
          </Typography.Text>
        );
      },
    },
  ];
  return (
    <Drawer
      open
      title={t('compensation.recalc.title')}
      width={phone ? '100%' : 640}
      onClose={onClose}
      destroyOnHidden
      data-testid="recalc-drawer"
      footer={
        <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" icon={<SyncOutlined />} onClick={() => void apply()} loading={applying} disabled={!changes.data || list.length === 0} data-testid="recalc-apply">
            {t('compensation.recalc.apply')}
          </Button>
        </Space>
      }
    >
      {changes.error && !changes.data ? (
        <LoadError error={changes.error} onRetry={changes.reload} />
      ) : !changes.data ? (
        <Skeleton active />
      ) : list.length === 0 ? (
        <Empty description={t('compensation.recalc.none')} data-testid="recalc-none" />
      ) : (
        <Table<RunChange>
          rowKey="user_id"
          size="small"
          columns={columns}
          dataSource={list}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ 'data-testid': 'recalc-row', 'data-user': c.user_id }) as HTMLAttributes<HTMLElement>}
        />
      )}
    </Drawer>
  );
}

/**
 * A compensation run: each person's target, actual, completion and pay with its explanation;
 * while a draft, a preview of what recalculating would change (and applying it) and closing;
 * always the CSV and XLSX exports.
 */
export function RunPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { message, modal } = App.useApp();
  const { can } = useSession();
  const money = useMoneyFormat();
  const run = useLoader(useCallback(() => performanceApi.run(id), [id]));
  const data = run.data;
  const planId = data?.plan_id;
  const metric = useLoader(
    useCallback(async () => {
      if (!planId) return undefined;
      const plan = await performanceApi.plan(planId);
      return (await targetsApi.plan(plan.target_plan_id)).metric;
    }, [planId]),
  );
  const [recalculating, setRecalculating] = useState(false);
  const manage = can('performance.manage');

  if (run.error && !data) return <LoadError error={run.error} onRetry={run.reload} />;
  if (!data) return <Skeleton active />;
  const draft = data.status === 'draft';

  const close = () =>
    modal.confirm({
      title: t('compensation.close.title', { period: formatPeriod(data.period, language) }),
      content: t('compensation.close.body'),
      okText: t('compensation.close.action'),
      okButtonProps: { 'data-testid': 'run-close-confirm' } as Record<string, string>,
      onOk: async () => {
        try {
          const closed = await performanceApi.close(id);
          run.setData(() => closed);
          void message.success(t('compensation.close.done'));
        } catch (error) {
          void message.error(problemMessage(error, t));
        }
      },
    });

  return (
    <div className="closer-page" data-testid="run-page" data-status={data.status}>
      <Link to={`/compensation?plan=${data.plan_id}`} className="closer-back-link">
        <ArrowLeftOutlined /> {t('compensation.back')}
      </Link>
      <PageHeader
        title={<span data-testid="run-title">{t('compensation.run.title', { plan: data.plan_name, period: formatPeriod(data.period, language) })}</span>}
        subtitle={
          <Space size={6} wrap>
            <RunStatusTag status={data.status} />
            <Typography.Text type="secondary">
              {data.closed_at
                ? t('compensation.run.closedAt', { at: formatDateTime(data.closed_at, language) })
                : t('compensation.run.madeAt', { at: formatDateTime(data.created_at, language) })}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap className="closer-target-actions">
            <Button icon={<DownloadOutlined />} href={performanceApi.exportUrl(id, 'csv')} data-testid="run-csv">
              CSV
            </Button>
            <Button icon={<DownloadOutlined />} href={performanceApi.exportUrl(id, 'xlsx')} data-testid="run-xlsx">
              XLSX
            </Button>
            {manage && draft && (
              <Button icon={<SyncOutlined />} onClick={() => setRecalculating(true)} data-testid="run-recalc">
                {t('compensation.recalc.action')}
              </Button>
            )}
            {manage && draft && (
              <Button type="primary" icon={<CheckCircleOutlined />} onClick={close} data-testid="run-close">
                {t('compensation.close.action')}
              </Button>
            )}
          </Space>
        }
      />
      {!draft && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={t('compensation.run.closedNote')} />}
      <Card
        size="small"
        title={
          <Flex justify="space-between" gap={8} wrap>
            <span>{t('compensation.run.lines', { count: data.lines.length })}</span>
            <span className="closer-num" data-testid="run-summary-total">
              {t('compensation.run.totalIs', { total: money(data.total) })}
            </span>
          </Flex>
        }
      >
        <RunTable run={data} metric={metric.data} />
      </Card>
      {recalculating && (
        <RecalculationDrawer
          runId={id}
          onClose={() => setRecalculating(false)}
          onApplied={() => {
            setRecalculating(false);
            run.reload();
          }}
        />
      )}
    </div>
  );
}
