import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DownOutlined,
  InboxOutlined,
  MergeCellsOutlined,
  MoreOutlined,
  StopOutlined,
  SwapOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Dropdown, Grid, Row, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { leadsApi } from '../api/leads';
import type { Activity, Duplicate, HistoryEntry, Lead } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { ActivityComposer } from './ActivityComposer';
import { ConvertDialog } from './ConvertDialog';
import { DuplicateList } from './DuplicateList';
import { LeadActionModal, type LeadAction } from './LeadActionModals';
import { LeadFieldsCard } from './LeadFieldsCard';
import { LeadTimeline } from './LeadTimeline';
import { useLeadLookups } from './lookups';
import { useLeadErrorReporter } from './problems';
import { ProtectionUntil } from './Protection';
import { isOpenStatus, SETTABLE_STATUSES, STATUS_STEPS, StatusBar, StatusTag, useSourceLabel, type LeadStatus } from './status';
import { mergeTimeline } from './timeline';
import { useDuplicateCheck } from './useDuplicateCheck';

interface Related {
  activities: Activity[];
  history: HistoryEntry[];
}

export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t, tx } = useI18n();
  const { user, can } = useSession();
  const { message, modal } = App.useApp();
  const report = useLeadErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const lookups = useLeadLookups();
  const sourceLabel = useSourceLabel();

  const loadLead = useCallback(() => leadsApi.get(id), [id]);
  const lead = useLoader(loadLead);
  const loadRelated = useCallback(
    async (): Promise<Related> => {
      const [activities, history] = await Promise.all([
        leadsApi.activities(id).then((page) => page.items).catch(() => [] as Activity[]),
        leadsApi.history(id).then((answer) => answer.items).catch(() => [] as HistoryEntry[]),
      ]);
      return { activities, history };
    },
    [id],
  );
  const related = useLoader(loadRelated);

  const [action, setAction] = useState<LeadAction | null>(null);
  const [converting, setConverting] = useState(false);
  const [claiming, setClaiming] = useState(false);

  const current = lead.data?.id === id ? lead.data : undefined;
  const open = current ? isOpenStatus(current.status) : false;
  const canWrite = can('leads.write');
  // A lead in the pool is changed only after claiming it, except by tenant-wide admins.
  const seesAll = user.data_scope === 'tenant';
  const changeable = Boolean(current && canWrite && (!current.in_pool || seesAll));
  const managesOthers = user.data_scope !== 'own';

  const dupFields = current
    ? {
        company_name: current.company_name,
        phone: current.in_pool ? undefined : (current.phone ?? undefined),
        email: current.in_pool ? undefined : (current.email ?? undefined),
        credit_code: current.credit_code ?? undefined,
      }
    : {};
  const duplicates = useDuplicateCheck(dupFields, {
    excludeId: id,
    delay: 0,
    enabled: Boolean(current && open),
    refresh: current?.version,
  });

  const items = useMemo(
    () => mergeTimeline(related.data?.activities ?? [], related.data?.history ?? []),
    [related.data],
  );

  const refresh = () => {
    lead.reload();
    related.reload();
  };
  const accept = (next: Lead) => {
    lead.setData(() => next);
    related.reload();
    setAction(null);
  };

  const setStatus = async (status: LeadStatus) => {
    if (!current) return;
    try {
      accept(await leadsApi.update(current.id, { status }, current.version));
      void message.success(t('leads.statusChanged', { status: tx(`leads.status.${status}`, status) }));
    } catch (caught) {
      report(caught, { onStale: refresh });
    }
  };

  const claim = async () => {
    if (!current) return;
    setClaiming(true);
    try {
      accept(await leadsApi.claim(current.id));
      void message.success(t('pool.claimed'));
    } catch (caught) {
      report(caught);
      refresh();
    } finally {
      setClaiming(false);
    }
  };

  const mergeDuplicate = (duplicate: Duplicate) => {
    if (!current) return;
    modal.confirm({
      title: t('leads.merge.title'),
      content: t('leads.merge.confirm', { duplicate: duplicate.name, name: current.company_name }),
      okText: t('leads.merge.action'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          accept(await leadsApi.merge(current.id, duplicate.id));
          void message.success(t('leads.merge.done'));
        } catch (caught) {
          report(caught, { onStale: refresh });
        }
      },
    });
  };

  if (lead.error && !current) return <LoadError error={lead.error} onRetry={lead.reload} />;
  if (!current) return <Skeleton active />;

  const stepIndex = Math.max(0, STATUS_STEPS.findIndex((step) => step === current.status));
  const invalid = current.status === 'invalid';

  const menuItems: MenuProps['items'] = [
    ...(changeable && open
      ? [
          {
            key: 'status',
            icon: <SwapOutlined />,
            label: t('leads.action.status'),
            children: SETTABLE_STATUSES.filter((s) => s !== current.status).map((s) => ({
              key: `status-${s}`,
              label: <span data-testid={`lead-status-${s}`}>{tx(`leads.status.${s}`, s)}</span>,
              onClick: () => void setStatus(s),
            })),
          },
          {
            key: 'invalid',
            icon: <StopOutlined />,
            danger: true,
            label: <span data-testid="lead-action-invalid">{t('leads.invalid.title')}</span>,
            onClick: () => setAction('invalid'),
          },
        ]
      : []),
    ...(changeable && open && current.owner_id
      ? [
          {
            key: 'release',
            icon: <InboxOutlined />,
            label: <span data-testid="lead-action-release">{t('leads.release.title')}</span>,
            onClick: () => setAction('release'),
          },
        ]
      : []),
    ...(changeable && open
      ? [
          {
            key: 'merge',
            icon: <MergeCellsOutlined />,
            label: <span data-testid="lead-action-merge">{t('leads.merge.title')}</span>,
            onClick: () => setAction('merge'),
          },
        ]
      : []),
    ...(changeable && open && managesOthers
      ? [
          {
            key: 'reassign',
            icon: <UserSwitchOutlined />,
            label: <span data-testid="lead-action-reassign">{t('leads.reassign.title')}</span>,
            onClick: () => setAction('reassign'),
          },
        ]
      : []),
  ];

  const convertButton = changeable && open && !current.in_pool && (
    <Button type="primary" icon={<CheckCircleOutlined />} onClick={() => setConverting(true)} data-testid="lead-convert">
      {t('leads.convert.action')}
    </Button>
  );
  const claimButton = current.in_pool && open && canWrite && (
    <Button type="primary" icon={<InboxOutlined />} loading={claiming} onClick={claim} data-testid="lead-claim">
      {t('pool.claim')}
    </Button>
  );
  const moreButton = menuItems.length > 0 && (
    <Dropdown trigger={['click']} menu={{ items: menuItems }}>
      <Button icon={phone ? <MoreOutlined /> : undefined} data-testid="lead-actions">
        {phone ? t('common.more') : t('common.actions')} {!phone && <DownOutlined />}
      </Button>
    </Dropdown>
  );

  const owner = current.owner_id ? lookups.userName(current.owner_id) : null;

  const header = (
    <PageHeader
      title={
        <span data-testid="lead-title">
          {current.company_name}
        </span>
      }
      subtitle={
        <Space size={6} wrap>
          <StatusTag status={current.status} />
          {current.in_pool && <Tag color="purple">{t('leads.inPool')}</Tag>}
          <span>
            {[current.contact_name, sourceLabel(current.source)].filter(Boolean).join(' · ')}
            {owner && <span data-testid="lead-owner-name"> · {owner}</span>}
          </span>
        </Space>
      }
      extra={
        <Space wrap className="closer-lead-actions">
          {claimButton}
          {convertButton}
          {moreButton}
        </Space>
      }
    />
  );

  const statusCard = (
    <Card className="closer-page-card closer-lead-status" size={phone ? 'small' : undefined}>
      {phone ? (
        <StatusBar status={current.status} />
      ) : (
        <Steps
          size="small"
          responsive={false}
          current={invalid ? 0 : stepIndex}
          status={invalid ? 'error' : current.status === 'converted' ? 'finish' : 'process'}
          items={STATUS_STEPS.map((s) => ({ title: tx(`leads.status.${s}`, s) }))}
          data-testid="lead-steps"
        />
      )}
      {current.protected_until && open && (
        <div style={{ marginTop: 12 }}>
          <ProtectionUntil until={current.protected_until} long />
        </div>
      )}
      {invalid && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          message={t('leads.invalidBecause', { reason: current.invalid_reason ?? t('common.none') })}
        />
      )}
      {current.merged_into_id && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          message={
            <span>
              {t('leads.mergedInto')} <Link to={`/leads/${current.merged_into_id}`}>{t('leads.openSurvivor')}</Link>
            </span>
          }
        />
      )}
      {current.status === 'converted' && (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          data-testid="lead-converted"
          message={
            <Space size={12} wrap>
              <span>{t('leads.convertedInto')}</span>
              {current.customer_id && (
                <Link to={`/customers/${current.customer_id}`} data-testid="lead-customer-link">
                  {t('leads.convert.customer')}
                </Link>
              )}
              {current.opportunity_id && (
                <Link to={`/opportunities/${current.opportunity_id}`}>{t('leads.convert.opportunity')}</Link>
              )}
            </Space>
          }
        />
      )}
      {current.in_pool && open && (
        <Alert style={{ marginTop: 12 }} type="info" showIcon message={t('leads.inPoolHint')} />
      )}
    </Card>
  );

  const duplicatesBlock = duplicates.items.length > 0 && (
    <DuplicateList duplicates={duplicates.items} onMerge={changeable && open ? mergeDuplicate : undefined} />
  );

  const activityCard = changeable && open && !current.in_pool && (
    <Card title={t('leads.activity.title')} className="closer-page-card" size={phone ? 'small' : undefined}>
      <ActivityComposer
        leadId={current.id}
        onLogged={() => {
          lead.reload();
          related.reload();
        }}
      />
    </Card>
  );

  const timelineCard = (
    <Card title={t('leads.timeline.title')} className="closer-page-card" size={phone ? 'small' : undefined}>
      {related.loading && !related.data ? <Skeleton active /> : <LeadTimeline items={items} lookups={lookups} />}
    </Card>
  );

  const fields = (
    <LeadFieldsCard
      lead={current}
      lookups={lookups}
      editable={changeable && current.status !== 'converted'}
      onSaved={(saved) => accept(saved)}
      onStale={refresh}
    />
  );

  return (
    <div data-testid="lead-detail">
      <Link to="/leads" className="closer-back-link">
        <ArrowLeftOutlined /> {t('nav.leads')}
      </Link>
      {header}
      <Row gutter={[16, 16]}>
        <Col span={24}>{statusCard}</Col>
        {duplicatesBlock && <Col span={24}>{duplicatesBlock}</Col>}
        {phone ? (
          <>
            {activityCard && <Col span={24}>{activityCard}</Col>}
            <Col span={24}>{timelineCard}</Col>
            <Col span={24}>{fields}</Col>
          </>
        ) : (
          <>
            <Col xs={24} lg={14}>
              {fields}
            </Col>
            <Col xs={24} lg={10}>
              <Space direction="vertical" size={16} style={{ width: '100%' }}>
                {activityCard}
                {timelineCard}
              </Space>
            </Col>
          </>
        )}
      </Row>
      <LeadActionModal
        lead={current}
        action={action}
        users={lookups.users}
        onClose={() => setAction(null)}
        onDone={accept}
        onStale={refresh}
      />
      <ConvertDialog
        lead={current}
        open={converting}
        onClose={() => setConverting(false)}
        onConverted={(conversion) => {
          lead.setData(() => conversion.lead);
          related.reload();
        }}
      />
      {!changeable && canWrite === false && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('error.readOnly')}
        </Typography.Paragraph>
      )}
    </div>
  );
}
