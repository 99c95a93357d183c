import {
  AlertOutlined,
  AuditOutlined,
  BankOutlined,
  CalendarOutlined,
  ContactsOutlined,
  DollarOutlined,
  FundOutlined,
  RollbackOutlined,
  WalletOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Empty, Flex, List, Row, Skeleton, Space, Statistic, Typography } from 'antd';
import { useCallback, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { cashApi } from '../api/cash';
import type { Money, Receivable } from '../api/types';
import { canOpen } from '../app/access';
import { useSession } from '../auth/session';
import { CompactMoney } from '../components/CompactMoney';
import { LoadError } from '../components/LoadError';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDay, formatMoney } from '../lib/format';
import { toFen } from '../lib/money';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { ReceivableStatusTag } from './labels';
import { addDays, summaryLinks } from './query';

function StatCard({
  to,
  title,
  value,
  icon,
  tone,
  testId,
  hint,
}: {
  to: string;
  title: string;
  value: ReactNode;
  icon: ReactNode;
  tone?: 'danger' | 'warning' | 'success';
  testId: string;
  hint?: string;
}) {
  const color = tone === 'danger' ? '#dc2626' : tone === 'warning' ? '#d97706' : tone === 'success' ? '#16a34a' : undefined;
  return (
    <Link to={to} data-testid={testId} className="closer-stat-link">
      <Card hoverable size="small" className="closer-stat-card">
        <Statistic
          title={
            <Space size={6}>
              {icon}
              {title}
            </Space>
          }
          // The value may be an element (a rounded amount with its exact figure behind it).
          value={typeof value === 'string' || typeof value === 'number' ? value : ''}
          formatter={typeof value === 'string' || typeof value === 'number' ? undefined : () => value}
          valueStyle={color ? { color } : undefined}
        />
        {hint && <Typography.Text type="secondary" className="closer-cash-meta">{hint}</Typography.Text>}
      </Card>
    </Link>
  );
}

const CHASE = 6;

/** The installments overdue longest: who to call first, each opening its contract's cash tab. */
function ChaseCard({ today, allLink }: { today: string; allLink: string }) {
  const { t, language } = useI18n();
  const overdue = useLoader(useCallback(() => cashApi.receivables({ status: 'owing', due_to: addDays(today, -1) }, { limit: CHASE }), [today]));
  const items = overdue.data?.items ?? [];
  return (
    <Card
      size="small"
      title={t('cash.home.chase')}
      className="closer-stat-card"
      extra={
        items.length > 0 && (
          <Link to={allLink} data-testid="chase-all">
            {t('cash.home.chaseAll')}
          </Link>
        )
      }
      data-testid="cash-chase"
    >
      <List<Receivable>
        size="small"
        loading={overdue.loading && !overdue.data}
        dataSource={items}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cash.home.chaseNone')} /> }}
        renderItem={(r) => (
          <List.Item data-testid="chase-row">
            <Flex justify="space-between" align="center" gap={8} style={{ width: '100%', minWidth: 0 }}>
              <Flex vertical style={{ minWidth: 0 }}>
                <Link to={`/contracts/${r.contract_id}?tab=cash`} className="closer-chase__who">
                  {r.customer_name ?? t('cash.openCustomer')}
                </Link>
                <Typography.Text type="secondary" className="closer-cash-meta">
                  {r.contract_number} · {t('cash.receivable.n', { n: r.position + 1 })} · {formatDate(r.due_on, language)}
                </Typography.Text>
              </Flex>
              <Flex vertical align="flex-end" style={{ flex: 'none' }}>
                <Typography.Text strong className="closer-num">
                  {formatMoney(r.outstanding, language)}
                </Typography.Text>
                <ReceivableStatusTag status={r.status} daysOverdue={r.days_overdue} owed={r.owed} />
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}

/**
 * Finance's home: what falls due this week, what is overdue, collected this month and still
 * owed, refunds waiting, and bank rows waiting for a person — each a way into its list.
 * The landing page of roles that write cash but do not work leads.
 */
export function FinanceHomePage() {
  const { t, language } = useI18n();
  const { user, can } = useSession();
  const summary = useLoader(useCallback(() => cashApi.summary(), []));
  const s = summary.data;
  // Tiles are read at a glance: rounded, the exact figure in the tooltip.
  const money = (m: Money) => <CompactMoney money={m} />;
  const links = s?.today ? summaryLinks(s.today) : null;
  const quickLinks = [
    { to: '/cash/payments', icon: <DollarOutlined />, label: t('nav.payments') },
    { to: '/cash/aging', icon: <FundOutlined />, label: t('nav.aging') },
    { to: '/cash/receivables', icon: <BankOutlined />, label: t('nav.receivables') },
    { to: '/contracts', icon: <AuditOutlined />, label: t('nav.contracts') },
    { to: '/customers', icon: <ContactsOutlined />, label: t('nav.customers') },
  ];

  return (
    <div data-testid="home">
      <div className="closer-welcome" data-testid="finance-home">
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: user.name })}
        </Typography.Title>
        <Typography.Text type="secondary">
          {s?.today ? t('cash.home.subtitle', { date: formatDay(s.today, language) }) : t('cash.home.title')}
        </Typography.Text>
      </div>
      {summary.error && !s ? (
        <LoadError error={summary.error} onRetry={summary.reload} />
      ) : !s || !links ? (
        <Skeleton active />
      ) : (
        <Row gutter={[12, 12]} data-testid="cash-summary-cards">
          <Col xs={12} md={8}>
            <StatCard to={links.dueThisWeek} title={t('cash.home.dueThisWeek')} value={money(s.due_this_week)} icon={<CalendarOutlined />} testId="stat-due-this-week" />
          </Col>
          <Col xs={12} md={8}>
            <StatCard
              to={links.overdue}
              title={t('cash.home.overdue')}
              value={money(s.overdue)}
              icon={<WarningOutlined />}
              tone={toFen(s.overdue.amount) > 0n ? 'danger' : undefined}
              testId="stat-overdue"
            />
          </Col>
          <Col xs={12} md={8}>
            <StatCard
              to={links.collected}
              title={t('cash.home.collectedThisMonth')}
              value={money(s.collected_this_month)}
              icon={<WalletOutlined />}
              tone="success"
              testId="stat-collected"
            />
          </Col>
          <Col xs={12} md={8}>
            <StatCard to={links.outstanding} title={t('cash.home.outstanding')} value={money(s.outstanding)} icon={<BankOutlined />} testId="stat-outstanding" />
          </Col>
          <Col xs={12} md={8}>
            <StatCard
              to={links.refunds}
              title={t('cash.home.refundsOpen')}
              value={s.refunds_open}
              icon={<RollbackOutlined />}
              tone={s.refunds_open > 0 ? 'warning' : undefined}
              testId="stat-refunds"
            />
          </Col>
          {can('cash.write') && (
            <Col xs={12} md={8}>
              <StatCard
                to={links.unmatched}
                title={t('cash.home.unmatched')}
                value={s.unmatched_bank_rows}
                icon={<AlertOutlined />}
                tone={s.unmatched_bank_rows > 0 ? 'warning' : undefined}
                testId="stat-unmatched"
              />
            </Col>
          )}
        </Row>
      )}
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        {s?.today && links && (
          <Col xs={24} lg={14}>
            <ChaseCard today={s.today} allLink={links.overdue} />
          </Col>
        )}
        <Col xs={24} lg={s?.today ? 10 : 24}>
          <Card size="small" title={t('home.goTo')} className="closer-stat-card">
            <Space wrap>
              {quickLinks
                .filter((link) => canOpen(link.to, can))
                .map((link) => (
                  <Link key={link.to} to={link.to}>
                    <Button icon={link.icon}>{link.label}</Button>
                  </Link>
                ))}
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
