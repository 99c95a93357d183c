import { UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { approvalsApi } from '../api/approvals';
import type { Approval } from '../api/types';
import { useContractErrorReporter } from '../contracts/problems';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime, formatMoney, relativeTime } from '../lib/format';
import { ApprovalStatusTag } from './ApprovalTrail';
import { currentStep, mayRecall, stepPosition } from './decision';
import { DecisionButtons } from './DecisionButtons';
import { usePendingApprovals } from './pending';

/** Where the approved record lives in the UI. */
export function recordPath(approval: Pick<Approval, 'record_type' | 'record_id'>): string {
  if (approval.record_type === 'contract') return `/contracts/${approval.record_id}`;
  if (approval.record_type === 'refund') return `/cash/refunds/${approval.record_id}`;
  return `/approvals`;
}

/** What kind of record an approval is for, as a small tag (contracts, refunds). */
export function RecordTypeTag({ type }: { type: string }) {
  const { tx } = useI18n();
  return (
    <Tag bordered={false} color={type === 'refund' ? 'gold' : 'blue'} data-testid="approval-record-type" data-type={type}>
      {tx(`approvals.recordType.${type}`, type)}
    </Tag>
  );
}

/** The latest comment someone left, for the next approver to read. */
function lastComment(approval: Approval) {
  return [...approval.trail].reverse().find((entry) => entry.comment && !['delegated', 'reassigned'].includes(entry.action));
}

/**
 * One approval in the inbox (decide it) or among the ones I sent (recall it while pending):
 * what it is, how much, who sent it, the step it waits on.
 */
export function ApprovalCard({
  approval,
  mode,
  userId,
  phone,
  nameOf,
  onChanged,
}: {
  approval: Approval;
  mode: 'inbox' | 'submitted';
  userId: string;
  phone: boolean;
  nameOf: (id?: string | null) => string;
  onChanged: () => void;
}) {
  const { t, tx, language } = useI18n();
  const { message, modal } = App.useApp();
  const report = useContractErrorReporter();
  const pending = usePendingApprovals();
  const step = currentStep(approval);
  const position = stepPosition(approval);
  const comment = lastComment(approval);

  const recall = () =>
    modal.confirm({
      title: t('approvals.recall.confirm', { title: approval.title }),
      content: tx(`approvals.recall.hint.${approval.record_type}`, t('approvals.recall.hint')),
      okText: t('approvals.recall.action'),
      onOk: async () => {
        try {
          await approvalsApi.recall(approval.id);
          void message.success(t('approvals.recall.done'));
          pending.refresh();
          onChanged();
        } catch (caught) {
          report(caught);
        }
      },
    });

  return (
    <Card size="small" className="closer-approval-card" data-testid="approval-card" data-approval-id={approval.id}>
      <Flex vertical gap={6}>
        <Flex justify="space-between" align="flex-start" gap={8}>
          <Flex gap={6} align="center" wrap style={{ minWidth: 0 }}>
            <RecordTypeTag type={approval.record_type} />
            <Link to={recordPath(approval)} className="closer-approval-card__title" data-testid="approval-record-link">
              {approval.title}
            </Link>
          </Flex>
          {mode === 'submitted' && <ApprovalStatusTag status={approval.status} />}
        </Flex>
        <Typography.Text strong className="closer-approval-card__amount" data-testid="approval-amount">
          {formatMoney(approval.amount, language)}
        </Typography.Text>
        <Typography.Text type="secondary" className="closer-approval-card__meta">
          {t('approvals.submittedBy', { name: nameOf(approval.submitted_by) })} ·{' '}
          <span title={formatDateTime(approval.created_at, language)}>{relativeTime(approval.created_at, language)}</span>
        </Typography.Text>
        {step && (
          <Typography.Text className="closer-approval-card__meta" data-testid="approval-step">
            {t('approvals.stepOf', { n: position.n, of: position.of, name: step.name })}
            {mode === 'submitted' && ` · ${step.approvers.map((id) => nameOf(id)).join(t('common.listSeparator'))}`}
          </Typography.Text>
        )}
        {comment && (
          <div className="closer-approval-step__comment">
            {tx(`approvals.decision.${comment.action}`, comment.action)} · {nameOf(comment.user_id)}: “{comment.comment}”
          </div>
        )}
        {mode === 'inbox' && approval.status === 'pending' && <DecisionButtons approval={approval} phone={phone} onDecided={onChanged} />}
        {mode === 'submitted' && mayRecall(approval, userId) && (
          <Button icon={<UndoOutlined />} onClick={recall} block={phone} size={phone ? 'large' : 'middle'} data-testid="approval-recall">
            {t('approvals.recall.action')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
