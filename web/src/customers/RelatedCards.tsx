import { CrownOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Card, Empty, List, Statistic, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Contract, MoneySummary, Opportunity, TeamMember } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney, formatPercent } from '../lib/format';
import { useCustomerLabels } from './labels';

/** Open pipeline and won business, with how many opportunities each; contracted, owed and overdue to whoever may read them. */
export function MoneyCard({ money, compact }: { money: MoneySummary; compact?: boolean }) {
  const { t, language } = useI18n();
  return (
    <Card title={t('customers.money.title')} size={compact ? 'small' : undefined} className="closer-page-card" data-testid="money-card">
      <div className="closer-money">
        <Statistic
          title={t('customers.money.open', { count: money.open_count })}
          value={formatMoney(money.open_pipeline, language)}
          data-testid="money-open"
        />
        <Statistic
          title={t('customers.money.won', { count: money.won_count })}
          value={formatMoney(money.won, language)}
          valueStyle={{ color: money.won_count > 0 ? '#16a34a' : undefined }}
          data-testid="money-won"
        />
        {money.contracted && (
          <Statistic
            title={t('customers.money.contracted', { count: money.contract_count ?? 0 })}
            value={formatMoney(money.contracted, language)}
            data-testid="money-contracted"
          />
        )}
        {money.outstanding && (
          <Statistic title={t('customers.money.outstanding')} value={formatMoney(money.outstanding, language)} data-testid="money-outstanding" />
        )}
        {money.overdue && (
          <Statistic
            title={t('customers.money.overdue')}
            value={formatMoney(money.overdue, language)}
            valueStyle={{ color: money.overdue.amount !== '0.00' ? '#dc2626' : undefined }}
            data-testid="money-overdue"
          />
        )}
      </div>
    </Card>
  );
}

/** The customer's opportunities; `onNew` (when the user may add one) puts a "New" button on the card. */
export function OpportunitiesCard({ opportunities, compact, onNew }: { opportunities: Opportunity[]; compact?: boolean; onNew?: () => void }) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  return (
    <Card
      title={t('customers.opportunities.title', { count: opportunities.length })}
      size={compact ? 'small' : undefined}
      className="closer-page-card"
      data-testid="opportunities-card"
      extra={
        onNew && (
          <Button size="small" icon={<PlusOutlined />} onClick={onNew} data-testid="customer-opp-new">
            {t('opps.new')}
          </Button>
        )
      }
    >
      {opportunities.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.opportunities.empty')} />
      ) : (
        <List<Opportunity>
          className="closer-c360-list"
          size="small"
          dataSource={opportunities}
          renderItem={(opportunity) => (
            <List.Item data-testid="opportunity-item">
              <List.Item.Meta
                title={<Link to={`/opportunities/${opportunity.id}`}>{opportunity.name}</Link>}
                description={
                  <span>
                    {opportunity.stage && (
                      <Tag bordered={false} color={opportunity.stage.key === 'won' ? 'green' : opportunity.stage.key === 'lost' ? 'default' : 'blue'}>
                        {labels.stage(opportunity.stage.key, opportunity.stage.name)} · {formatPercent(opportunity.stage.win_rate)}
                      </Tag>
                    )}
                    {opportunity.expected_close_date &&
                      t('customers.opportunities.closes', { date: formatDate(opportunity.expected_close_date, language) })}
                  </span>
                }
              />
              <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
                {formatMoney(opportunity.amount, language)}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Everyone who works the customer: the owner and whoever else followed it up. */
export function TeamCard({ team, compact }: { team: TeamMember[]; compact?: boolean }) {
  const { t } = useI18n();
  return (
    <Card title={t('customers.team.title')} size={compact ? 'small' : undefined} className="closer-page-card" data-testid="team-card">
      {team.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.team.empty')} />
      ) : (
        <List<TeamMember>
          className="closer-c360-list"
          size="small"
          dataSource={team}
          renderItem={(member) => (
            <List.Item data-testid="team-member" data-role={member.role}>
              <List.Item.Meta
                avatar={<Avatar size="small" icon={member.role === 'owner' ? <CrownOutlined /> : <UserOutlined />} />}
                title={
                  <span>
                    {member.name}{' '}
                    {member.role === 'owner' && (
                      <Tag color="gold" bordered={false}>
                        {t('customers.team.owner')}
                      </Tag>
                    )}
                  </span>
                }
                description={<a href={`mailto:${member.email}`}>{member.email}</a>}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

const CONTRACT_COLOR: Record<string, string> = {
  draft: 'default',
  in_approval: 'processing',
  active: 'success',
  completed: 'blue',
  rejected: 'error',
  terminated: 'default',
};

/** The customer's contracts, newest first: number, name, status, amount and signing date. */
export function ContractsCard({ contracts, compact }: { contracts: Contract[]; compact?: boolean }) {
  const { t, tx, language } = useI18n();
  return (
    <Card
      title={t('customers.contracts.title', { count: contracts.length })}
      size={compact ? 'small' : undefined}
      className="closer-page-card"
      data-testid="c360-contracts-card"
    >
      {contracts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.contracts.empty')} />
      ) : (
        <List<Contract>
          className="closer-c360-list"
          size="small"
          dataSource={contracts}
          renderItem={(contract) => (
            <List.Item data-testid="c360-contract-item">
              <List.Item.Meta
                title={
                  <Link to={`/contracts/${contract.id}`}>
                    {contract.number} · {contract.name}
                  </Link>
                }
                description={
                  <span>
                    <Tag bordered={false} color={CONTRACT_COLOR[contract.status] ?? 'default'}>
                      {tx(`contracts.status.${contract.status}`, contract.status)}
                    </Tag>
                    {contract.signed_on && (
                      <Typography.Text type="secondary">{t('customers.contracts.signed', { date: formatDate(contract.signed_on, language) })}</Typography.Text>
                    )}
                  </span>
                }
              />
              <Typography.Text strong>{formatMoney(contract.amount, language)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
