import { ArrowLeftOutlined, EnvironmentOutlined, InboxOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Grid, Row, Skeleton, Space, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { customersApi } from '../api/customers';
import type { ScoringModel } from '../api/freeform';
import type { Activity, CustomerOverview } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { OpportunityCreateDrawer } from '../opportunities/OpportunityCreateDrawer';
import { ContactsCard } from './ContactsCard';
import './customers.css';
import { CustomerTimeline } from './CustomerTimeline';
import { DocumentsCard } from './DocumentsCard';
import { GradeTag, ScoreBar, useCustomerLabels, useUsers } from './labels';
import { useCustomerErrorReporter } from './problems';
import { ProfileCard } from './ProfileCard';
import { ContractsCard, MoneyCard, OpportunitiesCard, TeamCard } from './RelatedCards';
import { ScoreCard } from './ScoreCard';
import { VisitSheet } from './VisitSheet';

/**
 * The customer 360 view: profile, score and grade with why, money, contacts, opportunities,
 * documents, team and one timeline of everything, newest first. On a phone the cards stack and a
 * button at the bottom logs a visit.
 */
export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { user, can } = useSession();
  const { message } = App.useApp();
  const report = useCustomerErrorReporter();
  const [claiming, setClaiming] = useState(false);
  const phone = Grid.useBreakpoint().md === false;
  const users = useUsers();
  const labels = useCustomerLabels();

  const loadOverview = useCallback(() => customersApi.overview(id), [id]);
  const overview = useLoader(loadOverview);
  const loadActivities = useCallback(
    () => customersApi.activities(id).then((page) => page.items).catch(() => [] as Activity[]),
    [id],
  );
  const activities = useLoader(loadActivities);
  const loadModel = useCallback(
    () => customersApi.scoringModel().then((answer): ScoringModel | null => answer.model).catch(() => null),
    [],
  );
  const model = useLoader(loadModel);
  const [sheetOpen, setSheetOpen] = useState(false);
  const [creatingOpportunity, setCreatingOpportunity] = useState(false);
  const timelineRef = useRef<HTMLDivElement>(null);

  const byId = useMemo(() => new Map((activities.data ?? []).map((a) => [a.id, a])), [activities.data]);

  const data: CustomerOverview | undefined = overview.data?.customer.id === id ? overview.data : undefined;
  if (overview.error && !data) return <LoadError error={overview.error} onRetry={overview.reload} />;
  if (!data) return <Skeleton active />;

  const { customer } = data;
  const refresh = () => {
    overview.reload();
    activities.reload();
  };
  // Work on a customer is its owner's, or a manager's within their scope; the server decides
  // finally and refuses with a message otherwise.
  const writable = can('customers.write') && Boolean(customer.owner_id) && (user.data_scope !== 'own' || customer.owner_id === user.id);

  // A customer in the pool is browsed masked; whoever may work customers can claim it.
  const claim = async () => {
    setClaiming(true);
    try {
      await customersApi.claim(customer.id);
      void message.success(t('customers.claimed'));
      refresh();
    } catch (caught) {
      report(caught);
      refresh();
    } finally {
      setClaiming(false);
    }
  };
  const claimButton = !customer.owner_id && can('customers.write') && (
    <Button type="primary" icon={<InboxOutlined />} loading={claiming} onClick={claim} data-testid="customer-claim">
      {t('pool.claim')}
    </Button>
  );

  const logButton = writable && !phone && (
    <Button type="primary" icon={<EnvironmentOutlined />} onClick={() => setSheetOpen(true)} data-testid="visit-open">
      {t('visit.action')}
    </Button>
  );

  const header = (
    <PageHeader
      title={
        <span className="closer-c360__title">
          <span data-testid="customer-title">{customer.name}</span>
          <GradeTag grade={customer.grade} />
        </span>
      }
      subtitle={
        <Space size={8} wrap>
          <ScoreBar score={customer.score} grade={customer.grade} width={110} />
          <span>
            {[customer.industry, labels.sizeTier(customer.size_tier), labels.place(customer.province, customer.city)]
              .filter(Boolean)
              .join(' · ')}
          </span>
          <span data-testid="customer-owner-name">
            {customer.owner_id ? users.name(customer.owner_id) : t('customers.inPool')}
          </span>
        </Space>
      }
      extra={
        (logButton || claimButton) && (
          <Space className="closer-c360-actions">
            {claimButton}
            {logButton}
          </Space>
        )
      }
    />
  );

  const profile = (
    <ProfileCard
      customer={customer}
      users={users}
      editable={writable}
      compact={phone}
      onSaved={(saved) => overview.setData(() => ({ ...data, customer: saved }))}
      onStale={refresh}
    />
  );
  const score = <ScoreCard explanation={data.score_explanation} model={model.data ?? null} compact={phone} />;
  const money = <MoneyCard money={data.money} compact={phone} />;
  const contacts = (
    <ContactsCard customerId={customer.id} contacts={data.contacts} editable={writable} compact={phone} onChanged={refresh} />
  );
  const mayAddOpportunity = can('opportunities.write') && Boolean(customer.owner_id);
  // Finance and marketing read customers but not deals: no card for them (the money card keeps the totals).
  const opportunities = can('opportunities.read') && (
    <OpportunitiesCard
      opportunities={data.opportunities}
      compact={phone}
      onNew={mayAddOpportunity ? () => setCreatingOpportunity(true) : undefined}
    />
  );
  const contracts = can('contracts.read') && <ContractsCard contracts={data.contracts} compact={phone} />;
  const team = <TeamCard team={data.team} compact={phone} />;
  const documents = (
    <DocumentsCard parent={{ customer_id: customer.id }} editable={writable} users={users} compact={phone} onChanged={refresh} />
  );
  const timeline = (
    <Card
      ref={timelineRef}
      title={t('customers.timeline.title')}
      size={phone ? 'small' : undefined}
      className="closer-page-card closer-c360__timeline"
      data-testid="timeline-card"
    >
      <CustomerTimeline entries={data.timeline} activities={byId} users={users} />
    </Card>
  );

  return (
    <div className="closer-c360" data-testid="customer-detail">
      <Link to="/customers" className="closer-back-link">
        <ArrowLeftOutlined /> {t('nav.customers')}
      </Link>
      {header}
      {phone ? (
        <div className="closer-c360__stack">
          {score}
          {money}
          {timeline}
          {contacts}
          {opportunities}
          {contracts}
          {documents}
          {team}
          {profile}
        </div>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            <div className="closer-c360__stack">
              {profile}
              {timeline}
            </div>
          </Col>
          <Col xs={24} xl={8}>
            <div className="closer-c360__stack">
              {score}
              {money}
              {contacts}
              {opportunities}
              {contracts}
              {documents}
              {team}
            </div>
          </Col>
        </Row>
      )}
      {!writable && can('customers.write') === false && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          {t('error.readOnly')}
        </Typography.Paragraph>
      )}
      {writable && phone && (
        <Button
          type="primary"
          shape="round"
          size="large"
          icon={<EnvironmentOutlined />}
          className="closer-visit-fab"
          onClick={() => setSheetOpen(true)}
          data-testid="visit-fab"
        >
          {t('visit.action')}
        </Button>
      )}
      <OpportunityCreateDrawer
        open={creatingOpportunity}
        customer={{ id: customer.id, name: customer.name }}
        onClose={() => setCreatingOpportunity(false)}
      />
      <VisitSheet
        open={sheetOpen}
        phone={phone}
        customerId={customer.id}
        customerName={customer.name}
        onClose={() => setSheetOpen(false)}
        onLogged={() => {
          setSheetOpen(false);
          refresh();
          // Where the new entry appears, on top.
          timelineRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
        }}
      />
    </div>
  );
}
