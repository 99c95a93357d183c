import { CheckOutlined, CloseOutlined, RollbackOutlined } from '@ant-design/icons';
import { App, Button, Flex } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { approvalsApi, type Decision } from '../api/approvals';
import type { Approval } from '../api/types';
import { CommentModal } from '../components/CommentModal';
import { useContractErrorReporter } from '../contracts/problems';
import { useI18n } from '../i18n/useI18n';
import { needsComment } from './decision';
import { usePendingApprovals } from './pending';

const ICONS = { approve: <CheckOutlined />, reject: <CloseOutlined />, return: <RollbackOutlined /> };

/**
 * Approve, return or reject, each one tap and a comment box away (the comment required to
 * reject or return). Big, full-width buttons on a phone.
 */
export function DecisionButtons({ approval, phone, onDecided }: { approval: Approval; phone?: boolean; onDecided: (approval: Approval) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useContractErrorReporter();
  const pending = usePendingApprovals();
  const [deciding, setDeciding] = useState<Decision | null>(null);

  const decide = async (decision: Decision, comment: string) => {
    try {
      const decided = await approvalsApi.decide(approval.id, decision, comment);
      void message.success(t(`approvals.done.${decision}`));
      setDeciding(null);
      pending.refresh();
      onDecided(decided);
    } catch (caught) {
      // Not (or no longer) this user's turn: the server's 403 speaks of roles, which misleads here.
      if (caught instanceof ApiError && caught.status === 403) void message.error(t('approvals.notYourTurn'));
      else report(caught);
      throw caught;
    }
  };

  const button = (decision: Decision) => (
    <Button
      key={decision}
      size={phone ? 'large' : 'middle'}
      type={decision === 'approve' ? 'primary' : 'default'}
      danger={decision === 'reject'}
      icon={ICONS[decision]}
      block={phone}
      onClick={() => setDeciding(decision)}
      data-testid={`approval-${decision}`}
    >
      {t(`approvals.action.${decision}`)}
    </Button>
  );

  return (
    <>
      <Flex gap={8} className={phone ? 'closer-decisions is-phone' : 'closer-decisions'}>
        {button('approve')}
        {button('return')}
        {button('reject')}
      </Flex>
      {deciding && (
        <CommentModal
          open
          title={t(`approvals.confirm.${deciding}`, { title: approval.title })}
          label={needsComment(deciding) ? t('approvals.comment.required') : t('approvals.comment.optional')}
          required={needsComment(deciding)}
          okText={t(`approvals.action.${deciding}`)}
          danger={deciding === 'reject'}
          testId="approval-comment"
          onSubmit={(comment) => decide(deciding, comment)}
          onClose={() => setDeciding(null)}
        />
      )}
    </>
  );
}
