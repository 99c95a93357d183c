import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Grid, Spin } from 'antd';
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { approvalsApi } from '../api/approvals';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatMoney } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { useUserNames } from '../opportunities/lookups';
import { recordPath, RecordTypeTag } from './ApprovalCard';
import { ApprovalStatusTag, ApprovalTrail } from './ApprovalTrail';
import './approvals.css';
import { mayDecide } from './decision';
import { DecisionButtons } from './DecisionButtons';

/** One approval (where reminders and reassignments link to): what it is, its trail, the decision if it is mine. */
export function ApprovalPage() {
  const { id = '' } = useParams();
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const phone = Grid.useBreakpoint().md === false;
  const { nameOf } = useUserNames();
  const load = useCallback(() => approvalsApi.get(id), [id]);
  const record = useLoader(load);
  const approval = record.data;

  if (record.error && !approval) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!approval) return <Spin />;

  return (
    <div className="closer-page" data-testid="approval-page">
      <Link to="/approvals" className="closer-back-link">
        <ArrowLeftOutlined /> {t('approvals.title')}
      </Link>
      <PageHeader
        title={approval.title}
        subtitle={
          <Flex gap={6} align="center">
            <RecordTypeTag type={approval.record_type} />
            <ApprovalStatusTag status={approval.status} />
          </Flex>
        }
        extra={
          <Link to={recordPath(approval)}>
            <Button data-testid="approval-open-record">{tx(`approvals.openRecord.${approval.record_type}`, t('approvals.openRecord'))}</Button>
          </Link>
        }
      />
      <Flex vertical gap={16}>
        <Card size="small">
          <Descriptions column={{ xs: 1, sm: 2 }} size="small">
            <Descriptions.Item label={tx(`approvals.amount.${approval.record_type}`, t('contracts.field.amount'))}>{formatMoney(approval.amount, language)}</Descriptions.Item>
            <Descriptions.Item label={t('approvals.submitter')}>{nameOf(approval.submitted_by)}</Descriptions.Item>
            <Descriptions.Item label={t('approvals.submittedAt')}>{formatDateTime(approval.created_at, language)}</Descriptions.Item>
            <Descriptions.Item label={t('approvals.flowVersion')}>{t('common.version', { version: approval.flow_version })}</Descriptions.Item>
          </Descriptions>
          {mayDecide(approval, user.id) && <DecisionButtons approval={approval} phone={phone} onDecided={(decided) => record.setData(() => decided)} />}
        </Card>
        <Card size="small" title={t('approvals.steps')}>
          <ApprovalTrail approval={approval} nameOf={nameOf} />
        </Card>
      </Flex>
    </div>
  );
}
