import { EditOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Descriptions, Empty, Flex, Form, Input, InputNumber, List, Modal, Row, Space, Spin, Steps, Table, Tag, Timeline, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request } from '../api/client';
import { opportunitiesApi, type Opportunity, type Quote } from '../api/opportunities';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, toMoneyAmount } from '../leads/format';
import { formatDate, formatDateTime } from '../lib/format';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import { splitDuration, stageName, useProcess, useUserNames } from './lookups';
import { useStageMove } from './MoveFlow';
import { QuoteDrawer } from './QuoteDrawer';
import './opportunities.css';

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

/** One opportunity: fields, stage steps with the checklist, stage history, quotes and activities. */
export function OpportunityDetailPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { stages } = useProcess();
  const { nameOf } = useUserNames();
  const load = useCallback(() => opportunitiesApi.get(id), [id]);
  const record = useLoader(load);
  const loadHistory = useCallback(() => opportunitiesApi.stageHistory(id), [id]);
  const history = useLoader(loadHistory);
  const loadQuotes = useCallback(() => opportunitiesApi.quotes(id), [id]);
  const quotes = useLoader(loadQuotes);
  const loadActivities = useCallback(() => opportunitiesApi.activities(id).then((p) => p.items).catch(() => []), [id]);
  const activities = useLoader(loadActivities);
  const opportunity = record.data;
  const loadCustomer = useCallback(
    () => (opportunity ? request<{ id: string; name: string }>('GET', `/customers/${opportunity.customer_id}`).catch(() => null) : Promise.resolve(null)),
    [opportunity],
  );
  const customer = useLoader(loadCustomer);
  const [editing, setEditing] = useState(false);
  const [quoting, setQuoting] = useState(false);

  const { move, modals } = useStageMove(stages, (_from, moved) => {
    record.setData(() => moved);
    history.reload();
  });

  if (record.error && !opportunity) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!opportunity) return <Spin />;

  const currentIndex = stages.findIndex((s) => s.id === opportunity.stage?.id);
  const current = stages[currentIndex];
  const stageLabel = (stageId?: string | null) => {
    const stage = stages.find((s) => s.id === stageId);
    return stage ? stageName(stage, language) : t('common.none');
  };
  const openStages = stages.filter((s) => !s.is_won && !s.is_lost);
  const next = current && !current.is_won && !current.is_lost ? stages.slice(currentIndex + 1).find((s) => !s.is_lost) : undefined;
  const lost = stages.find((s) => s.is_lost);

  const tick = async (key: string, done: boolean) => {
    try {
      const updated = await opportunitiesApi.tickTask(opportunity.id, key, done);
      record.setData(() => updated);
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  const quoteColumns = [
    { title: t('opps.quote.number'), render: (_: unknown, q: Quote) => `#${q.number}` },
    { title: t('opps.quote.lines'), render: (_: unknown, q: Quote) => q.lines.length },
    { title: t('opps.quote.list'), align: 'right' as const, render: (_: unknown, q: Quote) => formatMoney(q.list_amount, language) },
    { title: t('opps.quote.discountAmount'), align: 'right' as const, render: (_: unknown, q: Quote) => formatMoney(q.discount_amount, language) },
    { title: t('opps.quote.total'), align: 'right' as const, render: (_: unknown, q: Quote) => <Typography.Text strong>{formatMoney(q.total, language)}</Typography.Text> },
    { title: t('opps.quote.createdAt'), render: (_: unknown, q: Quote) => formatDate(q.created_at, language) },
    {
      title: '',
      render: (_: unknown, q: Quote) => (
        <a href={opportunitiesApi.quotePrintUrl(q.id)} target="_blank" rel="noreferrer" data-testid="quote-print">
          <PrinterOutlined /> {t('opps.quote.print')}
        </a>
      ),
    },
  ];

  const times = history.data?.time_in_stages ?? [];
  const visibleStages = current?.is_lost ? [...openStages, current] : stages.filter((s) => !s.is_lost);

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
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('common.edit')}
            </Button>
            {next && (
              <Button type="primary" onClick={() => move(opportunity, next)} data-testid="opp-next-stage">
                {t('opps.moveNext', { stage: stageName(next, language) })}
              </Button>
            )}
            {lost && current && !current.is_won && !current.is_lost && (
              <Button danger onClick={() => move(opportunity, lost)}>
                {t('opps.markLost')}
              </Button>
            )}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Steps
          size="small"
          responsive
          current={visibleStages.findIndex((s) => s.id === current?.id)}
          status={current?.is_lost ? 'error' : current?.is_won ? 'finish' : 'process'}
          items={visibleStages.map((s) => ({ title: stageName(s, language), description: `${s.win_rate}%` }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('opps.detail.fields')}>
            <Descriptions column={{ xs: 1, sm: 2 }} size="small">
              <Descriptions.Item label={t('opps.field.amount')}>
                <span data-testid="opp-amount">{formatMoney(opportunity.amount, language)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('opps.field.win_rate')}>{opportunity.stage ? `${opportunity.stage.win_rate}%` : t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('opps.field.expected_close_date')}>
                {opportunity.expected_close_date ? formatDate(opportunity.expected_close_date, language) : t('common.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('opps.field.owner')}>{nameOf(opportunity.owner_id)}</Descriptions.Item>
              <Descriptions.Item label={t('opps.field.stage_entered_at')}>{formatDate(opportunity.stage_entered_at, language) || t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('opps.field.created_at')}>{formatDate(opportunity.created_at, language)}</Descriptions.Item>
              {opportunity.loss_reason && <Descriptions.Item label={t('opps.field.loss_reason')}>{opportunity.loss_reason}</Descriptions.Item>}
            </Descriptions>
          </Card>
          <Card
            size="small"
            title={t('opps.quote.title', { count: quotes.data?.length ?? 0 })}
            style={{ marginTop: 16 }}
            extra={
              <Button size="small" icon={<PlusOutlined />} onClick={() => setQuoting(true)} data-testid="quote-new">
                {t('opps.quote.new')}
              </Button>
            }
          >
            {(quotes.data ?? []).length === 0 ? (
              <Empty description={t('opps.quote.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Table rowKey="id" size="small" pagination={false} columns={quoteColumns} dataSource={quotes.data} scroll={{ x: 600 }} data-testid="quote-table" />
            )}
          </Card>
          <Card size="small" title={t('opps.timeline.title')} style={{ marginTop: 16 }}>
            {(activities.data ?? []).length === 0 ? (
              <Empty description={t('opps.timeline.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={(activities.data ?? []).map((a) => ({
                  children: (
                    <>
                      <Typography.Text strong>{a.subject}</Typography.Text>
                      <br />
                      <Typography.Text type="secondary">
                        {formatDateTime(a.occurred_at ?? a.planned_for ?? a.created_at, language)} · {nameOf(a.owner_id)}
                      </Typography.Text>
                      {a.body && <Typography.Paragraph style={{ marginBottom: 0 }}>{a.body}</Typography.Paragraph>}
                    </>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('opps.checklist.card', { stage: stageLabel(opportunity.stage?.id) })}>
            {(current?.tasks ?? []).length === 0 ? (
              <Typography.Text type="secondary">{t('opps.checklist.none')}</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={current?.tasks ?? []}
                renderItem={(task) => (
                  <List.Item>
                    <Checkbox checked={opportunity.done_tasks.includes(task.key)} onChange={(e) => void tick(task.key, e.target.checked)} data-testid={`detail-task-${task.key}`}>
                      {task.label}
                    </Checkbox>
                    {task.required && <Tag color="orange">{t('opps.task.required')}</Tag>}
                  </List.Item>
                )}
              />
            )}
          </Card>
          <Card size="small" title={t('opps.history.title')} style={{ marginTop: 16 }}>
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
              items={[...(history.data?.items ?? [])].reverse().map((change) => ({
                children: (
                  <>
                    <Typography.Text>
                      {change.from_stage_id === change.to_stage_id
                        ? t('opps.history.amountChanged', { stage: stageLabel(change.to_stage_id) })
                        : `${change.from_stage_id ? `${stageLabel(change.from_stage_id)} → ` : ''}${stageLabel(change.to_stage_id)}`}
                    </Typography.Text>
                    <br />
                    <Typography.Text type="secondary">
                      {formatDateTime(change.at, language)} · {nameOf(change.actor_id)} · {formatMoney(change.amount, language)}
                    </Typography.Text>
                  </>
                ),
              }))}
            />
            {history.error ? <Alert type="warning" message={problemMessage(history.error, t)} /> : null}
          </Card>
        </Col>
      </Row>
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
      <QuoteDrawer
        opportunityId={opportunity.id}
        open={quoting}
        onClose={() => setQuoting(false)}
        onCreated={() => {
          setQuoting(false);
          quotes.reload();
          record.reload();
        }}
      />
      {modals}
    </div>
  );
}
