import { Progress, Typography } from 'antd';
import type { ClaimQuota } from '../api/types';
import { useI18n } from '../i18n/useI18n';

/** Used share of a limit, 0–100; a limit of 0 is already reached. */
export function quotaPercent(used: number, limit: number): number {
  if (limit <= 0) return 100;
  return Math.min(100, Math.round((used / limit) * 100));
}

function QuotaBar({ label, used, limit, testId }: { label: string; used: number; limit: number; testId: string }) {
  const full = used >= limit;
  return (
    <div className="closer-pool-quota__item" data-testid={testId} data-used={used} data-limit={limit}>
      <Typography.Text className="closer-pool-quota__label" type={full ? 'danger' : undefined}>
        {label}
      </Typography.Text>
      <Progress
        percent={quotaPercent(used, limit)}
        size="small"
        showInfo={false}
        status={full ? 'exception' : 'normal'}
        aria-label={label}
      />
    </div>
  );
}

/** Today's pool claims and the open leads held, each against its limit. */
export function PoolQuota({ quota }: { quota: ClaimQuota }) {
  const { t } = useI18n();
  return (
    <div className="closer-pool-quota" role="group" aria-label={t('pool.quota.label')} data-testid="pool-quota">
      <QuotaBar
        testId="pool-quota-claimed"
        label={t('pool.quota.claimedToday', { claimed: quota.claimed_today, limit: quota.daily_limit })}
        used={quota.claimed_today}
        limit={quota.daily_limit}
      />
      <QuotaBar
        testId="pool-quota-held"
        label={t('pool.quota.held', { held: quota.held, max: quota.max_held })}
        used={quota.held}
        limit={quota.max_held}
      />
    </div>
  );
}
