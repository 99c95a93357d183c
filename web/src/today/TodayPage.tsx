import {
  CheckOutlined,
  CheckSquareOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { App, Avatar, Button, Card, Drawer, Empty, Form, Grid, Input, Modal, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { customersApi } from '../api/customers';
import type { Activity, TodayItem } from '../api/types';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import '../customers/customers.css';
import { customerCodeMessage, useCustomerErrorReporter } from '../customers/problems';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatDay, formatTime } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { recordNames, type RecordNames } from './names';
import { VisitTasksCard } from './VisitTasksCard';

const KIND_ICON: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <EnvironmentOutlined />,
  note: <FileTextOutlined />,
  task: <CheckSquareOutlined />,
};
const KIND_COLOR: Record<string, string> = { call: '#2563eb', visit: '#16a34a', note: '#64748b', task: '#d97706' };

/** Where an activity belongs, as a link with the record's name when it is known. */
function RecordLink({ item, names }: { item: Activity; names: RecordNames }) {
  const { t } = useI18n();
  if (item.customer_id)
    return <Link to={`/customers/${item.customer_id}`}>{names.customers.get(item.customer_id) ?? t('today.openCustomer')}</Link>;
  if (item.lead_id) return <Link to={`/leads/${item.lead_id}`}>{names.leads.get(item.lead_id) ?? t('today.openLead')}</Link>;
  if (item.opportunity_id) return <Link to={`/opportunities/${item.opportunity_id}`}>{t('today.openOpportunity')}</Link>;
  return null;
}

function DoneForm({ item, onDone }: { item: TodayItem; onDone: (activity: Activity) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const [saving, setSaving] = useState(false);
  const submit = async ({ outcome }: { outcome?: string }) => {
    setSaving(true);
    try {
      const done = await customersApi.markDone(item.id, item.version, outcome?.trim() ? { outcome: outcome.trim() } : {});
      void message.success(t('today.marked'));
      onDone(done);
    } catch (caught) {
      report(caught);
      // Done already (on another device): it is, so show it so.
      if (customerCodeMessage(caught) === 'customers.code.activity_done') onDone({ ...item, occurred_at: new Date().toISOString() });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Form layout="vertical" onFinish={submit} data-testid="done-form">
      <Typography.Paragraph strong>{item.subject}</Typography.Paragraph>
      <Form.Item name="outcome" label={t('today.outcome')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={20000} placeholder={t('today.outcomePlaceholder')} data-testid="done-outcome" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" icon={<CheckOutlined />} loading={saving} data-testid="done-confirm">
        {t('today.markDone')}
      </Button>
    </Form>
  );
}

function Section({
  title,
  items,
  done,
  names,
  onPick,
  testId,
}: {
  title: ReactNode;
  items: TodayItem[];
  done: Map<string, Activity>;
  names: RecordNames;
  onPick: (item: TodayItem) => void;
  testId: string;
}) {
  const { t, tx, language } = useI18n();
  const time = (value: string | null | undefined, overdue: boolean) =>
    overdue ? formatDateTime(value, language) : formatTime(value, language);
  return (
    <Card title={title} className="closer-page-card" size="small" data-testid={testId}>
      {items.map((item) => {
        const finished = done.has(item.id);
        return (
          <div
            key={item.id}
            className={`closer-today-item${finished ? ' closer-today-item--done' : ''}`}
            data-testid="today-item"
            data-id={item.id}
            data-overdue={item.overdue}
            data-done={finished}
          >
            <Avatar style={{ background: KIND_COLOR[item.kind] ?? '#64748b', flex: 'none' }} icon={KIND_ICON[item.kind]} />
            <div className="closer-today-item__main">
              <Typography.Text strong className="closer-today-item__subject">
                {item.subject}
              </Typography.Text>
              <span className="closer-today-item__meta">
                {tx(`leads.activity.kind.${item.kind}`, item.kind)} · {time(item.planned_for, item.overdue)}
                {item.overdue && !finished && (
                  <Tag color="red" bordered={false} style={{ marginInlineStart: 6 }} data-testid="today-overdue">
                    {t('today.overdue')}
                  </Tag>
                )}
              </span>
              <span className="closer-today-item__meta">
                <RecordLink item={item} names={names} />
                {item.location && ` · ${item.location}`}
              </span>
            </div>
            {finished ? (
              <Tag color="green" icon={<CheckOutlined />} data-testid="today-done-tag">
                {t('today.done')}
              </Tag>
            ) : (
              <Button icon={<CheckOutlined />} onClick={() => onPick(item)} aria-label={t('today.markDoneOf', { subject: item.subject })} data-testid="today-done">
                {t('today.doneAction')}
              </Button>
            )}
          </div>
        );
      })}
    </Card>
  );
}

/** A rep's day: visits and tasks planned for today, and earlier ones not done yet. */
export function TodayPage() {
  const { t, language } = useI18n();
  const phone = Grid.useBreakpoint().md === false;
  const load = useCallback(async () => {
    const today = await customersApi.today();
    return { today, names: recordNames(today.items) };
  }, []);
  const day = useLoader(load);
  const [done, setDone] = useState<Map<string, Activity>>(new Map());
  const [picked, setPicked] = useState<TodayItem | null>(null);

  if (day.error && !day.data) return <LoadError error={day.error} onRetry={day.reload} />;
  if (!day.data) return <Skeleton active />;

  const { today, names } = day.data;
  const overdue = today.items.filter((i) => i.overdue);
  const planned = today.items.filter((i) => !i.overdue);
  const open = today.items.filter((i) => !done.has(i.id)).length;
  const date = formatDay(today.date, language);
  const markDone = (activity: Activity) => {
    setDone((previous) => new Map(previous).set(activity.id, activity));
    setPicked(null);
  };
  const sheetTitle = t('today.markDone');
  const sheet = picked && <DoneForm item={picked} onDone={markDone} />;

  return (
    <div data-testid="today-page">
      <PageHeader
        title={t('today.title')}
        subtitle={
          <span data-testid="today-summary">
            {date} · {t('today.summary', { open, overdue: overdue.filter((i) => !done.has(i.id)).length })}
          </span>
        }
      />
      {/* The week's visit tasks first: a few lines that a rep reads before the day's list. */}
      <VisitTasksCard />
      {today.items.length === 0 ? (
        <Card className="closer-page-card">
          <Empty description={t('today.empty')} data-testid="today-empty">
            <Link to="/customers">
              <Button type="primary">{t('today.goCustomers')}</Button>
            </Link>
          </Empty>
        </Card>
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          {overdue.length > 0 && (
            <Section
              title={<Typography.Text type="danger">{t('today.overdueTitle', { count: overdue.length })}</Typography.Text>}
              items={overdue}
              done={done}
              names={names}
              onPick={setPicked}
              testId="today-overdue-section"
            />
          )}
          {planned.length > 0 && (
            <Section
              title={t('today.plannedTitle', { count: planned.length })}
              items={planned}
              done={done}
              names={names}
              onPick={setPicked}
              testId="today-planned-section"
            />
          )}
        </Space>
      )}
      {phone ? (
        <Drawer placement="bottom" height="auto" open={Boolean(picked)} onClose={() => setPicked(null)} title={sheetTitle} destroyOnHidden data-testid="done-sheet">
          {sheet}
        </Drawer>
      ) : (
        <Modal open={Boolean(picked)} onCancel={() => setPicked(null)} title={sheetTitle} footer={null} destroyOnHidden data-testid="done-sheet">
          {sheet}
        </Modal>
      )}
    </div>
  );
}

