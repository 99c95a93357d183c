import { EditOutlined, FormOutlined, HistoryOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Flex, Form, Grid, Input, InputNumber, List, Modal, Row, Select, Space, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/client';
import { customersApi } from '../api/customers';
import { opportunitiesApi } from '../api/opportunities';
import type { Activity, Opportunity, TimelineEntry } from '../api/types';
import { useSession } from '../auth/session';
import { OpportunityContracts } from '../contracts/OpportunityContracts';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import '../customers/customers.css';
import { CustomerTimeline } from '../customers/CustomerTimeline';
import { DocumentsCard } from '../customers/DocumentsCard';
import { useUsers } from '../customers/labels';
import { VisitSheet } from '../customers/VisitSheet';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDateTime, formatMinorUnits, formatMoney, formatPercent, formatValue } from '../lib/format';
import { toMoneyAmount } from '../lib/money';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import { HistoryDrawer } from '../org/HistoryDrawer';
import { CompetitorsCard } from './CompetitorsCard';
import { splitDuration, stageName, useProcess, useUserNames } from './lookups';
import { isClosedStage, mayLeave, useStageMove } from './MoveFlow';
import './opportunities.css';
import { QuotesCard } from './QuotesCard';
import { pairReopenings, reopenings } from './reopenHistory';
import { StageProgress } from './StageProgress';
import { TeamCard } from './TeamCard';

interface EditValues {
  name: string;
  amount: number;
  expected_close_date?: { format: (f: string) => string } | null;
}

function EditDialog({ opportunity, open, onClose, onSaved }: { opportunity: Opportunity; open: boolean; onClose: () => void; onSaved: (o: Opportunity) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const save = async () => {
    const values = await form.validateFields();
    try {
      const saved = await opportunitiesApi.update(
        opportunity.id,
        {
          name: values.name,
          amount: { amount: toMoneyAmount(values.amount) ?? '0.00', currency: opportunity.amount.currency },
          expected_close_date: values.expected_close_date?.format('YYYY-MM-DD') ?? null,
        },
        opportunity.version,
      );
      if (saved.warnings?.includes('expected_close_date_past')) message.warning(t('opps.warning.closeDatePast'));
      else message.success(t('opps.saved'));
      onSaved(saved);
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };
  return (
    <Modal open={open} title={t('common.edit')} onOk={() => void save()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ name: opportunity.name, amount: Number(opportunity.amount.amount) }}>
        <Form.Item name="name" label={t('opps.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="amount" label={t('opps.field.amount')} rules={[{ required: true }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="expected_close_date" label={t('opps.field.expected_close_date')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** An activity as a timeline entry: when it happened, or when it is planned for. */
function activityEntry(a: Activity): TimelineEntry {
  return { at: a.occurred_at ?? a.planned_for ?? a.created_at, kind: 'activity', id: a.id, title: a.subject, detail: a.kind, user_id: a.owner_id };
}

/**
 * One opportunity: fields, where it stands in the process with the checklist, quotes (with
 * versions compared), its activities, team, competitors and documents, and the stage history.
 */
export function OpportunityDetailPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const { stages } = useProcess();
  const { nameOf } = useUserNames();
  const users = useUsers();
  const load = useCallback(() => opportunitiesApi.get(id), [id]);
  const record = useLoader(load);
  const loadHistory = useCallback(() => opportunitiesApi.stageHistory(id), [id]);
  const history = useLoader(loadHistory);
  // The change log keeps why a closed deal was reopened; the stage history shows it beside the move.
  const loadChanges = useCallback(() => api.history('opportunities', id).catch(() => null), [id]);
  const changes = useLoader(loadChanges);
  const loadQuotes = useCallback(() => opportunitiesApi.quotes(id), [id]);
  const quotes = useLoader(loadQuotes);
  const loadActivities = useCallback(() => opportunitiesApi.activities(id).then((p) => p.items).catch(() => [] as Activity[]), [id]);
  const activities = useLoader(loadActivities);
  const timeline = useMemo(() => {
    const items = activities.data ?? [];
    const entries = items.map(activityEntry).sort((a, b) => b.at.localeCompare(a.at));
    return { entries, byId: new Map(items.map((a) => [a.id, a])) };
  }, [activities.data]);
  const opportunity = record.data;
  const customerId = opportunity?.customer_id;
  const loadCustomer = useCallback(
    () => (customerId ? customersApi.get(customerId).catch(() => null) : Promise.resolve(null)),
    [customerId],
  );
  const customer = useLoader(loadCustomer);
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);
  const [showChanges, setShowChanges] = useState(false);
  const recordName = record.data?.name ?? '';
  const changesTarget = useMemo(
    () => (showChanges ? { resource: 'opportunities' as const, id, name: recordName } : null),
    [showChanges, id, recordName],
  );
  const timelineRef = useRef<HTMLDivElement>(null);

  const { move, modals } = useStageMove(stages, (_from, moved) => {
    record.setData(() => moved);
    history.reload();
    changes.reload();
  });

  if (record.error && !opportunity) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!opportunity) return <Spin />;

  const currentIndex = stages.findIndex((s) => s.id === opportunity.stage?.id);
  const current = stages[currentIndex];
  const stageLabel = (stageId?: string | null) => {
    const stage = stages.find((s) => s.id === stageId);
    return stage ? stageName(stage, language) : t('common.none');
  };
  const next = current && !current.is_won && !current.is_lost ? stages.slice(currentIndex + 1).find((s) => !s.is_lost) : undefined;
  const lost = stages.find((s) => s.is_lost);
  // A won or lost deal leaves its stage only for a role that may reopen it.
  const leaveLocked = !mayLeave(current, can);

  const tick = async (key: string, done: boolean) => {
    try {
      const updated = await opportunitiesApi.tickTask(opportunity.id, key, done);
      record.setData(() => updated);
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  const times = history.data?.time_in_stages ?? [];
  const writable = can('opportunities.write');
  // A team member reads the deal and logs their own activities on it; changing it stays
  // with whoever may change the owner's deals (the server says which on the record).
  const changeable = writable && opportunity.can_change !== false;
  const customerName = customer.data?.name ?? opportunity.name;

  const details = (
    <Card size="small" title={t('opps.detail.fields')}>
      <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }} size="small">
        <Descriptions.Item label={t('opps.field.amount')}>
          <span data-testid="opp-amount">{formatMoney(opportunity.amount, language)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('opps.field.win_rate')}>{opportunity.stage ? formatPercent(opportunity.stage.win_rate) : t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('opps.field.expected_close_date')}>
          {opportunity.expected_close_date ? formatDate(opportunity.expected_close_date, language) : t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('opps.field.owner')}>{nameOf(opportunity.owner_id)}</Descriptions.Item>
        <Descriptions.Item label={t('opps.field.stage_entered_at')}>{formatDate(opportunity.stage_entered_at, language) || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('opps.field.created_at')}>{formatDate(opportunity.created_at, language)}</Descriptions.Item>
        {opportunity.loss_reason && <Descriptions.Item label={t('opps.field.loss_reason')}>{opportunity.loss_reason}</Descriptions.Item>}
      </Descriptions>
    </Card>
  );

  const quoteCard = (
    <QuotesCard
      opportunityId={opportunity.id}
      quotes={quotes.data ?? []}
      editable={changeable}
      onCreated={() => {
        quotes.reload();
        record.reload();
      }}
    />
  );

  const activityCard = (
    <Card
      ref={timelineRef}
      size="small"
      title={t('opps.timeline.titleCount', { count: timeline.entries.length })}
      extra={
        writable && (
          <Button size="small" icon={<FormOutlined />} onClick={() => setLogging(true)} data-testid="opp-log-activity">
            {t('opps.timeline.log')}
          </Button>
        )
      }
      data-testid="opp-activities"
    >
      {timeline.entries.length === 0 ? (
        <Typography.Text type="secondary">{t('opps.timeline.empty')}</Typography.Text>
      ) : (
        <CustomerTimeline entries={timeline.entries} activities={timeline.byId} users={users} />
      )}
    </Card>
  );

  const checklist = (
    <Card size="small" title={t('opps.checklist.card', { stage: stageLabel(opportunity.stage?.id) })}>
      {(current?.tasks ?? []).length === 0 ? (
        <Typography.Text type="secondary">{t('opps.checklist.none')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={current?.tasks ?? []}
          renderItem={(task) => (
            <List.Item>
              <Checkbox checked={opportunity.done_tasks.includes(task.key)} disabled={!changeable} onChange={(e) => void tick(task.key, e.target.checked)} data-testid={`detail-task-${task.key}`}>
                {task.label}
              </Checkbox>
              {task.required && <Tag color="orange">{t('opps.task.required')}</Tag>}
            </List.Item>
          )}
        />
      )}
    </Card>
  );

  const team = <TeamCard opportunityId={opportunity.id} ownerId={opportunity.owner_id} users={users} editable={changeable} revision={opportunity.version} />;
  const competitors = (
    <CompetitorsCard opportunity={opportunity} editable={changeable} onSaved={(saved) => record.setData(() => saved)} onStale={record.reload} />
  );

  const documents = (
    <DocumentsCard parent={{ opportunity_id: opportunity.id }} editable={changeable} users={users} compact onChanged={() => undefined} />
  );

  // The change log's values as a person reads them: the amount in money, instants in the local time.
  const showChange = (field: string, value: unknown): string => {
    const money = field === 'amount_minor' ? formatMinorUnits(value, opportunity.amount.currency, language) : null;
    if (money) return money;
    if ((field === 'closed_at' || field === 'stage_entered_at') && typeof value === 'string' && value) return formatDateTime(value, language);
    return formatValue(value);
  };
  const stageChanges = history.data?.items ?? [];
  const reopened = pairReopenings(stageChanges, reopenings(changes.data), new Set(stages.filter(isClosedStage).map((s) => s.id)));
  const stageChangeNode = (change: (typeof stageChanges)[number], reopenReason?: string) => (
    <>
      <Typography.Text>
        {change.from_stage_id === change.to_stage_id
          ? t('opps.history.amountChanged', { stage: stageLabel(change.to_stage_id) })
          : `${change.from_stage_id ? `${stageLabel(change.from_stage_id)} → ` : ''}${stageLabel(change.to_stage_id)}`}
      </Typography.Text>
      <br />
      {reopenReason && (
        <>
          <Typography.Text data-testid="opp-history-reopened">{t('opps.history.reopened', { reason: reopenReason })}</Typography.Text>
          <br />
        </>
      )}
      <Typography.Text type="secondary">
        {formatDateTime(change.at, language)} · {nameOf(change.actor_id)} · {formatMoney(change.amount, language)}
      </Typography.Text>
    </>
  );

  const stageHistory = (
    <Card
      size="small"
      title={t('opps.history.title')}
      extra={
        <Button size="small" type="link" icon={<HistoryOutlined />} onClick={() => setShowChanges(true)} data-testid="opp-history-all">
          {t('history.title')}
        </Button>
      }
    >
      {times.length > 0 && (
        <Flex vertical gap={4} style={{ marginBottom: 12 }} data-testid="opp-time-in-stage">
          {times.map((row) => {
            const { days, hours } = splitDuration(row.seconds);
            return (
              <Flex key={row.stage_id} justify="space-between">
                <Typography.Text>{stageLabel(row.stage_id)}</Typography.Text>
                <Typography.Text type="secondary">
                  {t('opps.history.duration', { days, hours })}
                  {row.visits > 1 && ` · ${t('opps.history.visits', { visits: row.visits })}`}
                </Typography.Text>
              </Flex>
            );
          })}
        </Flex>
      )}
      <Timeline
        data-testid="opp-stage-history"
        items={[
          ...stageChanges.map((change, index) => ({ at: change.at, node: stageChangeNode(change, reopened.reasons.get(index)) })),
          ...reopened.loose.map((r) => ({
            at: r.at,
            node: (
              <Typography.Text data-testid="opp-history-reopened">{t('opps.history.reopened', { reason: r.reason })}</Typography.Text>
            ),
          })),
        ]
          // Oldest first (ties keep the server's order), shown newest first.
          .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
          .reverse()
          .map((item, index) => ({ key: `${item.at}-${index}`, children: item.node }))}
      />
      {history.error ? <Alert type="warning" message={problemMessage(history.error, t)} /> : null}
    </Card>
  );

  return (
    <div className="closer-page" data-testid="opp-detail">
      <PageHeader
        title={opportunity.name}
        subtitle={
          <Space wrap>
            {customer.data && <Link to={`/customers/${customer.data.id}`}>{customer.data.name}</Link>}
            <Tag color={current?.is_won ? 'green' : current?.is_lost ? 'default' : 'blue'} data-testid="opp-stage-tag">
              {stageLabel(opportunity.stage?.id)}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {changeable && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
                {t('common.edit')}
              </Button>
            )}
            {changeable && next && (
              <Button type="primary" onClick={() => move(opportunity, next)} data-testid="opp-next-stage">
                {t('opps.moveNext', { stage: stageName(next, language) })}
              </Button>
            )}
            {changeable && (
              <Tooltip title={leaveLocked ? t('opps.reopen.notAllowed') : undefined}>
                <span>
                  <Select
                    data-testid="opp-move-to"
                    placeholder={t('opps.moveTo')}
                    value={null}
                    disabled={leaveLocked}
                    style={{ minWidth: 140 }}
                    popupMatchSelectWidth={false}
                    onChange={(stageId: string) => {
                      const to = stages.find((s) => s.id === stageId);
                      if (to) move(opportunity, to);
                    }}
                    options={stages.filter((s) => s.id !== current?.id).map((s) => ({ value: s.id, label: stageName(s, language) }))}
                  />
                </span>
              </Tooltip>
            )}
            {current?.is_won && <OpportunityContracts opportunityId={opportunity.id} />}
            {changeable && lost && current && !current.is_won && !current.is_lost && (
              <Button danger onClick={() => move(opportunity, lost)}>
                {t('opps.markLost')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <StageProgress stages={stages} currentId={opportunity.stage?.id} compact={phone} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            {details}
            {phone && checklist}
            {activityCard}
            {quoteCard}
            {phone && team}
            {phone && competitors}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            {!phone && checklist}
            {!phone && team}
            {!phone && competitors}
            {documents}
            {stageHistory}
          </Flex>
        </Col>
      </Row>
      {writable && phone && (
        <Button
          type="primary"
          shape="round"
          size="large"
          icon={<FormOutlined />}
          className="closer-visit-fab"
          onClick={() => setLogging(true)}
          data-testid="opp-log-fab"
        >
          {t('opps.timeline.log')}
        </Button>
      )}
      {editing && (
        <EditDialog
          opportunity={opportunity}
          open={editing}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            record.setData(() => saved);
            setEditing(false);
          }}
        />
      )}
      <VisitSheet
        open={logging}
        phone={phone}
        customerId={opportunity.customer_id}
        customerName={customerName}
        opportunityId={opportunity.id}
        onClose={() => setLogging(false)}
        onLogged={() => {
          setLogging(false);
          activities.reload();
          timelineRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        }}
      />
      <HistoryDrawer target={changesTarget} onClose={() => setShowChanges(false)} resolve={showChange} />
      {modals}
    </div>
  );
}
