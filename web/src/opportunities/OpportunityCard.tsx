import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Opportunity } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { CompactMoney } from '../components/CompactMoney';
import { formatDate } from '../lib/format';
import { daysSince } from './lookups';

/** One deal on the board or the phone list: name, amount, close date, owner, days in stage. */
export function OpportunityCard({ opportunity, owner, extra }: { opportunity: Opportunity; owner: string; extra?: ReactNode }) {
  const { t, language } = useI18n();
  const days = daysSince(opportunity.stage_entered_at);
  const past =
    opportunity.expected_close_date && !opportunity.closed_at && opportunity.expected_close_date < new Date().toISOString().slice(0, 10);
  return (
    <Card size="small" className="closer-opp-card" data-testid="opp-card" data-opp-id={opportunity.id}>
      <Link to={`/opportunities/${opportunity.id}`} className="closer-opp-card__name" data-testid="opp-link">
        {opportunity.name}
      </Link>
      <Typography.Text strong className="closer-opp-card__amount">
        <CompactMoney money={opportunity.amount} testId="opp-card-amount" />
      </Typography.Text>
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text type={past ? 'danger' : 'secondary'} className="closer-opp-card__meta">
          {opportunity.expected_close_date ? formatDate(opportunity.expected_close_date, language) : t('common.none')}
        </Typography.Text>
        <Typography.Text type="secondary" className="closer-opp-card__meta">
          {owner}
          {days !== null && ` · ${t('opps.daysInStage', { days })}`}
        </Typography.Text>
      </Flex>
      {extra}
    </Card>
  );
}
