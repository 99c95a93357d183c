import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useI18n } from '../i18n/useI18n';

export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'converted', 'invalid'] as const;
/** A lead's status (`LeadDto.status`). */
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export function isLeadStatus(value: string | null | undefined): value is LeadStatus {
  return LEAD_STATUSES.some((status) => status === value);
}

/** The path of an open lead, as the status steps show it. */
export const STATUS_STEPS: LeadStatus[] = ['new', 'contacted', 'qualified', 'converted'];

/** Statuses a user may set by hand (conversion and invalid have their own dialogs). */
export const SETTABLE_STATUSES: LeadStatus[] = ['new', 'contacted', 'qualified'];

const COLOR: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'cyan',
  qualified: 'gold',
  converted: 'green',
  invalid: 'default',
};

export function isOpenStatus(status: string): boolean {
  return status === 'new' || status === 'contacted' || status === 'qualified';
}

export function StatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={isLeadStatus(status) ? COLOR[status] : 'default'} data-testid="lead-status" data-status={status}>
      {tx(`leads.status.${status}`, status)}
    </Tag>
  );
}

/** Channels the server fills itself or that most tenants use; any other text is allowed too. */
export const KNOWN_SOURCES = ['manual', 'import', 'web_form', 'api', 'campaign', 'referral', 'trade_show', 'cold_call'];

export function useSourceLabel() {
  const { tx } = useI18n();
  return (source: string | null | undefined) => (source ? tx(`leads.source.${source}`, source) : '');
}

/**
 * The status path as four equal steps, for a phone's width (antd's Steps need more room
 * for their labels). An invalid lead shows a cross on the first step.
 */
export function StatusBar({ status }: { status: string }) {
  const { tx } = useI18n();
  const invalid = status === 'invalid';
  const index = invalid ? 0 : Math.max(0, STATUS_STEPS.findIndex((step) => step === status));
  const done = status === 'converted';
  return (
    <div className="closer-status-bar" data-testid="lead-steps" data-status={status}>
      {STATUS_STEPS.map((step, i) => {
        const state = invalid && i === 0 ? 'error' : i < index || (done && i === index) ? 'done' : i === index ? 'current' : 'wait';
        return (
          <div key={step} className={`closer-status-bar__step closer-status-bar__step--${state}`}>
            <span className="closer-status-bar__dot">
              {state === 'done' ? <CheckOutlined /> : state === 'error' ? <CloseOutlined /> : i + 1}
            </span>
            <span className="closer-status-bar__label">{tx(`leads.status.${step}`, step)}</span>
          </div>
        );
      })}
    </div>
  );
}
