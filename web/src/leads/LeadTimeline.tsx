import {
  CheckSquareOutlined,
  EditOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  PhoneOutlined,
} from '@ant-design/icons';
import { Empty, Tag, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import type { Activity, HistoryChange, HistoryEntry } from '../api/types';
import { ChangedValue } from '../components/ChangedValue';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatValue } from '../lib/format';
import type { LeadLookups } from './lookups';
import type { TimelineItem } from './timeline';

const KIND_ICON: Record<string, ReactNode> = {
  call: <PhoneOutlined />,
  visit: <EnvironmentOutlined />,
  note: <FileTextOutlined />,
  task: <CheckSquareOutlined />,
};
const KIND_COLOR: Record<string, string> = { call: 'blue', visit: 'green', note: 'gray', task: 'orange' };

const TIME_FIELDS = new Set(['assigned_at', 'protected_until', 'last_follow_up_at', 'converted_at', 'warned_at']);
const USER_FIELDS = new Set(['owner_id', 'created_by']);

/** Shows a changed value the way a person reads it: names for ids, words for codes. */
export function useLeadValue(lookups: LeadLookups) {
  const { tx, language } = useI18n();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return formatValue(value);
    if (typeof value === 'string') {
      if (USER_FIELDS.has(field)) return lookups.userName(value) || value;
      if (field === 'campaign_id') return lookups.campaignName(value) || value;
      if (field === 'status') return tx(`leads.status.${value}`, value);
      if (field === 'source') return tx(`leads.source.${value}`, value);
      if (TIME_FIELDS.has(field)) return formatDateTime(value, language);
    }
    return formatValue(value);
  };
}

/** Bookkeeping fields a person does not need to read on the timeline. */
const QUIET_FIELDS = new Set(['created_by', 'warned_at']);
const SHOWN_CHANGES = 3;

function Changes({ changes, show }: { changes: HistoryChange[]; show: (field: string, value: unknown) => string }) {
  const { t, tx } = useI18n();
  const [all, setAll] = useState(false);
  const visible = changes.filter((change) => !QUIET_FIELDS.has(change.field));
  if (visible.length === 0) return null;
  const shown = all ? visible : visible.slice(0, SHOWN_CHANGES);
  return (
    <ul className="closer-timeline__changes">
      {shown.map((change) => (
        <li key={change.field}>
          <Typography.Text type="secondary">{tx(`field.${change.field}`, change.field)}: </Typography.Text>
          {change.old !== null && change.old !== undefined && (
            <>
              <Typography.Text delete type="secondary">
                <ChangedValue change={change} side="old" show={show} />
              </Typography.Text>
              {' → '}
            </>
          )}
          <ChangedValue change={change} side="new" show={show} />
        </li>
      ))}
      {visible.length > shown.length && (
        <li className="closer-timeline__more">
          <Typography.Link onClick={() => setAll(true)}>{t('leads.timeline.moreChanges', { count: visible.length - shown.length })}</Typography.Link>
        </li>
      )}
    </ul>
  );
}

function ActivityBody({ activity, lookups }: { activity: Activity; lookups: LeadLookups }) {
  const { t, tx, language } = useI18n();
  const planned = !activity.occurred_at && activity.planned_for;
  return (
    <div className="closer-timeline__entry" data-testid="timeline-activity" data-kind={activity.kind}>
      <div>
        <Tag color={KIND_COLOR[activity.kind] ?? 'default'}>{tx(`leads.activity.kind.${activity.kind}`, activity.kind)}</Tag>
        <Typography.Text strong>{activity.subject}</Typography.Text>
      </div>
      {activity.body && <div className="closer-timeline__body">{activity.body}</div>}
      {activity.location && (
        <Typography.Text type="secondary" className="closer-timeline__meta">
          <EnvironmentOutlined /> {activity.location}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" className="closer-timeline__meta">
        {lookups.userName(activity.owner_id) || t('history.system')} ·{' '}
        {planned
          ? t('leads.activity.plannedFor', { when: formatDateTime(activity.planned_for, language) })
          : formatDateTime(activity.occurred_at ?? activity.created_at, language)}
      </Typography.Text>
    </div>
  );
}

function HistoryBody({ entry, show }: { entry: HistoryEntry; show: (field: string, value: unknown) => string }) {
  const { t, tx, language } = useI18n();
  return (
    <div className="closer-timeline__entry" data-testid="timeline-history" data-action={entry.action}>
      <Typography.Text strong>{tx(`history.action.${entry.action}`, entry.action)}</Typography.Text>
      <Typography.Text type="secondary" className="closer-timeline__meta">
        {entry.actor?.name ?? t('history.system')} · {formatDateTime(entry.at, language)}
      </Typography.Text>
      <Changes changes={entry.changes} show={show} />
    </div>
  );
}

/** Activities and changes of a lead, newest first. */
export function LeadTimeline({ items, lookups }: { items: TimelineItem[]; lookups: LeadLookups }) {
  const { t } = useI18n();
  const show = useLeadValue(lookups);
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('leads.timeline.empty')} />;
  return (
    <Timeline
      className="closer-timeline"
      data-testid="lead-timeline"
      items={items.map((item) =>
        item.kind === 'activity'
          ? {
              key: item.key,
              dot: KIND_ICON[item.activity.kind],
              color: KIND_COLOR[item.activity.kind] ?? 'blue',
              children: <ActivityBody activity={item.activity} lookups={lookups} />,
            }
          : {
              key: item.key,
              dot: <EditOutlined style={{ fontSize: 12 }} />,
              color: 'gray',
              children: <HistoryBody entry={item.entry} show={show} />,
            },
      )}
    />
  );
}
