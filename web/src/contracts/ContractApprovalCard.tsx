import { Card, Collapse, Empty, Flex, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Approval } from '../api/types';
import { ApprovalStatusTag, ApprovalTrail } from '../approvals/ApprovalTrail';
import { mayDecide } from '../approvals/decision';
import { DecisionButtons } from '../approvals/DecisionButtons';
import { useI18n } from '../i18n/useI18n';
import { formatDate } from '../lib/format';

/**
 * The contract's approvals: the latest with its steps and trail (and the decision buttons when
 * it waits on the signed-in user), earlier rounds folded below.
 */
export function ContractApprovalCard({
  approvals,
  latestId,
  userId,
  phone,
  nameOf,
  onDecided,
}: {
  approvals: Approval[];
  latestId?: string | null;
  userId: string;
  phone: boolean;
  nameOf: (id?: string | null) => string;
  onDecided: () => void;
}) {
  const { t, language } = useI18n();
  const sorted = [...approvals].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const latest = sorted.find((a) => a.id === latestId) ?? sorted[0];
  const earlier = sorted.filter((a) => a !== latest);
  const label = (a: Approval) => `${t('contracts.revision.n', { n: a.record_revision })} · ${formatDate(a.created_at, language)}`;

  return (
    <Card
      size="small"
      title={t('contracts.approval.title')}
      extra={latest && <ApprovalStatusTag status={latest.status} />}
      data-testid="contract-approval"
    >
      {!latest ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('contracts.approval.none')} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text type="secondary">
            {label(latest)} · {t('approvals.submittedBy', { name: nameOf(latest.submitted_by) })} ·{' '}
            <Link to={`/approvals/${latest.id}`}>{t('approvals.flowVersionN', { version: latest.flow_version })}</Link>
          </Typography.Text>
          {mayDecide(latest, userId) && <DecisionButtons approval={latest} phone={phone} onDecided={onDecided} />}
          <ApprovalTrail approval={latest} nameOf={nameOf} />
          {earlier.length > 0 && (
            <Collapse
              size="small"
              items={earlier.map((a) => ({
                key: a.id,
                label: (
                  <Flex gap={8} align="center" wrap>
                    <span>{label(a)}</span>
                    <ApprovalStatusTag status={a.status} />
                  </Flex>
                ),
                children: <ApprovalTrail approval={a} nameOf={nameOf} />,
              }))}
            />
          )}
        </Flex>
      )}
    </Card>
  );
}
