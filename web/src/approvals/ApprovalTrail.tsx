import { Flex, Steps, Tag, Timeline, Typography } from 'antd';
import type { Approval, ApprovalStep } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatDateTime } from '../lib/format';
import { APPROVAL_STATUS_COLOR, DECISION_COLOR } from './decision';

type StepState = 'wait' | 'process' | 'finish' | 'error';
const STEP_STATE: Record<string, StepState> = { approved: 'finish', pending: 'process', rejected: 'error', returned: 'error' };

/** An approval's status as a coloured tag. */
export function ApprovalStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={APPROVAL_STATUS_COLOR[status] ?? 'default'} data-testid="approval-status" data-status={status}>
      {tx(`approvals.status.${status}`, status)}
    </Tag>
  );
}

function StepDecisions({ step, nameOf }: { step: ApprovalStep; nameOf: (id?: string | null) => string }) {
  const { t, tx, language } = useI18n();
  return (
    <Flex vertical gap={4} className="closer-approval-step">
      {step.decisions.map((d) => (
        <div key={`${d.user_id}-${d.on_behalf_of ?? ''}`} data-testid="approval-decision" data-decision={d.decision}>
          <Flex gap={6} wrap align="center">
            <Typography.Text>{nameOf(d.user_id)}</Typography.Text>
            {d.on_behalf_of && <Typography.Text type="secondary">{t('approvals.onBehalfOf', { name: nameOf(d.on_behalf_of) })}</Typography.Text>}
            <Tag color={DECISION_COLOR[d.decision] ?? 'default'} bordered={false}>
              {tx(`approvals.decision.${d.decision}`, d.decision)}
            </Tag>
            {d.at && <Typography.Text type="secondary" className="closer-approval-step__at">{formatDateTime(d.at, language)}</Typography.Text>}
          </Flex>
          {d.comment && <div className="closer-approval-step__comment">“{d.comment}”</div>}
        </div>
      ))}
    </Flex>
  );
}

/**
 * Who was asked at each step and what they decided, then the whole trail (submitted,
 * decisions, recalls, delegations, reassignments) as it happened.
 */
export function ApprovalTrail({ approval, nameOf }: { approval: Approval; nameOf: (id?: string | null) => string }) {
  const { t, tx, language } = useI18n();
  return (
    <Flex vertical gap={12} data-testid="approval-trail">
      <Steps
        direction="vertical"
        size="small"
        current={approval.current_step}
        items={approval.steps.map((step) => ({
          status: STEP_STATE[step.status] ?? 'wait',
          title: (
            <Flex gap={6} wrap align="center">
              <span>{step.name}</span>
              <Tag bordered={false}>{t(step.mode === 'all' ? 'approvals.mode.all' : 'approvals.mode.any')}</Tag>
            </Flex>
          ),
          description: <StepDecisions step={step} nameOf={nameOf} />,
        }))}
      />
      <Typography.Text strong>{t('approvals.trail')}</Typography.Text>
      <Timeline
        className="closer-approval-timeline"
        items={approval.trail.map((entry) => ({
          color: entry.action === 'approved' ? 'green' : entry.action === 'rejected' ? 'red' : entry.action === 'returned' ? 'orange' : 'blue',
          children: (
            <div data-testid="approval-trail-entry" data-action={entry.action}>
              <Typography.Text>
                {tx(`approvals.trailAction.${entry.action}`, entry.action, {
                  name: nameOf(entry.user_id),
                  other: nameOf(entry.comment),
                  step: entry.step !== null && entry.step !== undefined ? (approval.steps[entry.step]?.name ?? String(entry.step + 1)) : '',
                })}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" className="closer-approval-step__at">
                {formatDateTime(entry.at, language)}
              </Typography.Text>
              {entry.comment && !['delegated', 'reassigned'].includes(entry.action) && (
                <div className="closer-approval-step__comment">“{entry.comment}”</div>
              )}
            </div>
          ),
        }))}
      />
    </Flex>
  );
}
