import { ClockCircleOutlined } from '@ant-design/icons';
import { Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/useI18n';
import { DAY, formatDateTime, relativeTime } from '../lib/format';

export type Protection = 'none' | 'safe' | 'urgent' | 'overdue';

/** How close a lead is to going back to the pool: urgent under a day, overdue when past. */
export function protectionOf(protectedUntil: string | null | undefined, now = Date.now()): Protection {
  if (!protectedUntil) return 'none';
  const left = new Date(protectedUntil).getTime() - now;
  if (Number.isNaN(left)) return 'none';
  if (left <= 0) return 'overdue';
  return left < DAY ? 'urgent' : 'safe';
}

/** Re-renders every minute so countdowns stay current. */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/**
 * When the pool takes the lead back unless it is followed up: relative, red under a day.
 * `long` says it as a sentence (the lead page), otherwise just the time (lists).
 */
export function ProtectionUntil({
  until,
  long,
  icon,
  now,
}: {
  until: string | null | undefined;
  long?: boolean;
  icon?: boolean;
  now?: number;
}) {
  const { t, language } = useI18n();
  const current = useNow();
  const at = now ?? current;
  const level = protectionOf(until, at);
  if (level === 'none' || !until) {
    return long || icon ? null : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  }
  const relative = relativeTime(until, language, at);
  const danger = level !== 'safe';
  const text = long
    ? level === 'overdue'
      ? t('leads.protection.overdue')
      : t('leads.protection.returnsIn', { when: relative })
    : relative;
  return (
    <Tooltip title={t('leads.protection.until', { date: formatDateTime(until, language) })}>
      <Typography.Text
        type={danger ? 'danger' : undefined}
        strong={long && danger}
        data-testid="lead-protection"
        data-level={level}
      >
        {(long || icon) && <ClockCircleOutlined style={{ marginInlineEnd: 6 }} />}
        {text}
      </Typography.Text>
    </Tooltip>
  );
}
