import { Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { HistoryChange } from '../api/types';
import { useI18n } from '../i18n/useI18n';

/** Records with a page of their own: a named id links there. */
const PAGES: Record<string, string> = {
  leads: '/leads',
  customers: '/customers',
  opportunities: '/opportunities',
  contracts: '/contracts',
  'target-plans': '/targets',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a changed value is (or holds) the id of a record or a person. */
export function holdsId(value: unknown): boolean {
  if (typeof value === 'string') return UUID.test(value);
  return Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && UUID.test(item));
}

/** Where a named id's record opens, if it has a page. */
export function pageOf(resource: string | null | undefined, id: unknown): string | null {
  if (!resource || typeof id !== 'string') return null;
  const base = PAGES[resource];
  return base ? `${base}/${id}` : null;
}

/**
 * One side of a change as a person reads it: an id becomes the record's name (a link where the
 * record has a page), an id of something gone says so; any other value goes through `show`.
 */
export function ChangedValue({
  change,
  side,
  show,
}: {
  change: HistoryChange;
  side: 'old' | 'new';
  show: (field: string, value: unknown) => string;
}) {
  const { t } = useI18n();
  const value = side === 'old' ? change.old : change.new;
  const label = side === 'old' ? change.old_label : change.new_label;
  const resource = side === 'old' ? change.old_resource : change.new_resource;
  if (label) {
    const to = pageOf(resource, value);
    return to ? (
      <Link to={to} data-testid="history-record-link">
        {label}
      </Link>
    ) : (
      <span>{label}</span>
    );
  }
  if (holdsId(value)) return <Typography.Text type="secondary">{t('history.goneRecord')}</Typography.Text>;
  return <span>{show(change.field, value)}</span>;
}
