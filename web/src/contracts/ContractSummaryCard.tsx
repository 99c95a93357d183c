import { Card, Descriptions, Flex, Progress, Typography } from 'antd';
import { useSession } from '../auth/session';
import { Link } from 'react-router-dom';
import type { Contract, Money } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';

/** A part of the amount as a whole percentage (for the bars only; the figures beside them are exact). */
function share(part: Money, whole: Money): number {
  const total = toFen(whole.amount);
  return total > 0n ? Number((toFen(part.amount) * 100n) / total) : 0;
}

/** The contract's figures (amount, ordered, delivered) and terms. */
export function ContractSummaryCard({ contract, nameOf }: { contract: Contract; nameOf: (id?: string | null) => string }) {
  const { t, language } = useI18n();
  const readsDeals = useSession().can('opportunities.read');
  const figure = (label: string, money: Money, testId: string, bar?: number) => (
    <div className={bar === undefined ? 'closer-contract-figure is-main' : 'closer-contract-figure'}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Typography.Text strong className="closer-contract-figure__value" data-testid={testId}>
        {formatMoney(money, language)}
      </Typography.Text>
      {bar !== undefined && <Progress percent={bar} size="small" showInfo={false} />}
    </div>
  );
  const term = [contract.starts_on, contract.ends_on].map((d) => formatDate(d, language) || '…').join(' – ');

  return (
    <Card size="small" data-testid="contract-summary">
      <Flex gap={16} wrap className="closer-contract-figures">
        {figure(t('contracts.field.amount'), contract.amount, 'contract-amount')}
        {figure(t('contracts.field.ordered'), contract.ordered, 'contract-ordered', share(contract.ordered, contract.amount))}
        {figure(t('contracts.field.delivered'), contract.delivered, 'contract-delivered', share(contract.delivered, contract.amount))}
      </Flex>
      <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 3 }} size="small" style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('contracts.field.revision')}>{t('contracts.revision.n', { n: contract.revision })}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.field.signed_on')}>{formatDate(contract.signed_on, language) || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.field.term')}>{contract.starts_on || contract.ends_on ? term : t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('contracts.field.owner')}>{nameOf(contract.owner_id)}</Descriptions.Item>
        {contract.opportunity_id && readsDeals && (
          <Descriptions.Item label={t('contracts.field.opportunity')}>
            <Link to={`/opportunities/${contract.opportunity_id}`}>{t('contracts.openOpportunity')}</Link>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('contracts.field.created_at')}>{formatDate(contract.created_at, language)}</Descriptions.Item>
        {contract.end_reason && <Descriptions.Item label={t('contracts.field.end_reason')}>{contract.end_reason}</Descriptions.Item>}
      </Descriptions>
      {contract.terms && (
        <Typography.Paragraph className="closer-contract-terms" ellipsis={{ rows: 3, expandable: true }}>
          {contract.terms}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
