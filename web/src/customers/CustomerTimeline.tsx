import {
  AuditOutlined,
  CheckSquareOutlined,
  EnvironmentOutlined,
  FileOutlined,
  FileTextOutlined,
  FundOutlined,
  PayCircleOutlined,
  PhoneOutlined,
  ProfileOutlined,
  SolutionOutlined,
} from '@ant-design/icons';
import { Button, Empty, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Activity, TimelineEntry } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { useCustomerLabels, type Users } from './labels';

const ACTIVITY_ICON: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <EnvironmentOutlined />,
  note: <FileTextOutlined />,
  task: <CheckSquareOutlined />,
};
const ACTIVITY_COLOR: Record<string, string> = { call: 'blue', visit: 'green', note: 'gray', task: 'orange' };
const SHOWN = 15;

/** "31.23041,121.47370" → a map link; any other text is an address and stays text. */
export function mapLink(location: string): string | null {
  const match = /^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(location);
  if (!match) return null;
  const [lat, lng] = [Number(match[1]), Number(match[2])];
  if (Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  // The browser reports WGS-84; Amap (高德) takes it as such with coordinate=wgs84.
  return `https://uri.amap.com/marker?position=${lng},${lat}&coordinate=wgs84`;
}

function ActivityEntry({ entry, activity, users }: { entry: TimelineEntry; activity?: Activity; users: Users }) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const kind = activity?.kind ?? entry.detail ?? 'note';
  const planned = activity ? !activity.occurred_at && Boolean(activity.planned_for) : false;
  const done = activity ? Boolean(activity.occurred_at && activity.planned_for) : false;
  // The place as the rep named it, and a map at where the phone was (older visits kept the
  // position as their place).
  const coordinates = activity?.coordinates ?? (activity?.location && mapLink(activity.location) ? activity.location : null);
  const place = activity?.location && activity.location !== coordinates ? activity.location : null;
  const link = coordinates ? mapLink(coordinates) : null;
  return (
    <div className="closer-timeline__entry" data-testid="c360-timeline-activity" data-kind={kind} data-id={entry.id}>
      <div>
        <Tag color={ACTIVITY_COLOR[kind] ?? 'default'}>{labels.activityKind(kind)}</Tag>
        <Typography.Text strong data-testid="c360-timeline-title">
          {entry.title}
        </Typography.Text>
        {planned && (
          <Tag color="orange" bordered={false} style={{ marginInlineStart: 6 }}>
            {t('customers.timeline.planned')}
          </Tag>
        )}
        {done && (
          <Tag color="green" bordered={false} style={{ marginInlineStart: 6 }}>
            {t('customers.timeline.done')}
          </Tag>
        )}
      </div>
      {activity?.body && <div className="closer-timeline__body">{activity.body}</div>}
      {(place || link) && (
        <Typography.Text type="secondary" className="closer-timeline__meta" data-testid="c360-timeline-location">
          <EnvironmentOutlined />{' '}
          {place && <span data-testid="c360-timeline-place">{place}</span>}
          {link && (
            <>
              {place && ' · '}
              <a href={link} target="_blank" rel="noopener noreferrer" data-testid="c360-timeline-map">
                {place ? t('visit.location.map') : coordinates}
              </a>
            </>
          )}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" className="closer-timeline__meta">
        {users.name(entry.user_id) || t('history.system')} ·{' '}
        {planned
          ? t('leads.activity.plannedFor', { when: formatDateTime(entry.at, language) })
          : formatDateTime(entry.at, language)}
      </Typography.Text>
    </div>
  );
}

function RecordEntry({ entry, users }: { entry: TimelineEntry; users: Users }) {
  const { t, tx, language } = useI18n();
  const labels = useCustomerLabels();
  const isLead = entry.kind === 'lead';
  const isOpportunity = entry.kind === 'opportunity';
  // Contracts open on their page; payments and invoices in finance's lists, by customer.
  const LINK: Record<string, string> = {
    lead: `/leads/${entry.id}`,
    opportunity: `/opportunities/${entry.id}`,
    contract: `/contracts/${entry.id}`,
  };
  const to = LINK[entry.kind] ?? null;
  const STATE_KEY: Record<string, string> = { contract: 'contracts.status', payment: 'cash.payment.status', invoice: 'cash.invoice.status' };
  const state = isLead
    ? labels.leadStatus(entry.detail)
    : isOpportunity
      ? labels.stage(entry.detail)
      : STATE_KEY[entry.kind] && entry.detail
        ? tx(`${STATE_KEY[entry.kind]}.${entry.detail}`, entry.detail)
        : entry.detail;
  return (
    <div className="closer-timeline__entry" data-testid="c360-timeline-record" data-kind={entry.kind}>
      <div>
        <Typography.Text type="secondary">{tx(`customers.timeline.kind.${entry.kind}`, entry.kind)}: </Typography.Text>
        {entry.title && (to ? <Link to={to}>{entry.title}</Link> : <Typography.Text strong>{entry.title}</Typography.Text>)}
        {entry.amount && (
          <Typography.Text strong data-testid="c360-timeline-amount">
            {entry.title ? ' · ' : ''}
            {formatMoney(entry.amount, language)}
          </Typography.Text>
        )}
        {state && (
          <Tag bordered={false} style={{ marginInlineStart: 6 }}>
            {state}
          </Tag>
        )}
      </div>
      <Typography.Text type="secondary" className="closer-timeline__meta">
        {users.name(entry.user_id) || t('history.system')} ·{' '}
        {/* Money records stand on their business day: the day, not an hour. */}
        {entry.amount ? formatDate(entry.at, language) : formatDateTime(entry.at, language)}
      </Typography.Text>
    </div>
  );
}

const RECORD_ICON: Record<string, ReactNode> = {
  lead: <SolutionOutlined />,
  opportunity: <FundOutlined />,
  document: <FileOutlined />,
  contract: <AuditOutlined />,
  invoice: <ProfileOutlined />,
  payment: <PayCircleOutlined />,
};

/** Every visit, call, note, task, lead, opportunity, document, contract, invoice and payment of the customer, newest first. */
export function CustomerTimeline({
  entries,
  activities,
  users,
}: {
  entries: TimelineEntry[];
  activities: Map<string, Activity>;
  users: Users;
}) {
  const { t } = useI18n();
  const [shown, setShown] = useState(SHOWN);
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.timeline.empty')} />;
  const visible = entries.slice(0, shown);
  return (
    <>
      <Timeline
        className="closer-timeline closer-timeline-c360"
        data-testid="c360-timeline"
        items={visible.map((entry) =>
          entry.kind === 'activity'
            ? {
                key: `a-${entry.id}`,
                dot: ACTIVITY_ICON[activities.get(entry.id)?.kind ?? entry.detail ?? ''],
                color: ACTIVITY_COLOR[entry.detail ?? ''] ?? 'blue',
                children: <ActivityEntry entry={entry} activity={activities.get(entry.id)} users={users} />,
              }
            : {
                key: `${entry.kind}-${entry.id}`,
                dot: RECORD_ICON[entry.kind],
                color: entry.kind === 'opportunity' ? 'purple' : 'gray',
                children: <RecordEntry entry={entry} users={users} />,
              },
        )}
      />
      {entries.length > shown && (
        <Button block onClick={() => setShown((n) => n + SHOWN * 2)} data-testid="c360-timeline-more">
          {t('customers.timeline.more', { count: entries.length - shown })}
        </Button>
      )}
    </>
  );
}
