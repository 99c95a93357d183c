import { Tooltip } from 'antd';
import type { Money } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatMoneyCompact } from '../lib/format';

/**
 * An amount to read at a glance on a card or a tile ("¥897.7万", "¥8.98M"), with the exact
 * figure in its tooltip and in `data-exact` (what screen readers and tests read).
 */
export function CompactMoney({ money, testId }: { money: Money; testId?: string }) {
  const { language } = useI18n();
  const exact = formatMoney(money, language);
  const short = formatMoneyCompact(money, language);
  if (short === exact) {
    return (
      <span data-exact={exact} data-testid={testId}>
        {exact}
      </span>
    );
  }
  return (
    <Tooltip title={exact}>
      <span data-exact={exact} aria-label={exact} data-testid={testId} className="closer-compact-money">
        {short}
      </span>
    </Tooltip>
  );
}
