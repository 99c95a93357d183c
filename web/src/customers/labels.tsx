import { Progress, Tag, Tooltip } from 'antd';
import { useCallback, useMemo } from 'react';
import { api } from '../api/client';
import type { User } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';

export const DECISION_ROLES = [
  'decision_maker',
  'economic_buyer',
  'influencer',
  'champion',
  'evaluator',
  'user',
  'gatekeeper',
  'other',
] as const;
/** A contact's part in the buying decision (`ContactDto.decision_role`). */
export type DecisionRole = (typeof DECISION_ROLES)[number];

/** A grade's colour, shared by tags, score bars and the explanation. */
export const GRADE_COLOR: Record<string, string> = { A: '#16a34a', B: '#2563eb', C: '#d97706', D: '#94a3b8' };
const GRADE_TAG: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'default' };

const ROLE_COLOR: Record<string, string> = {
  decision_maker: 'red',
  economic_buyer: 'gold',
  champion: 'green',
  influencer: 'blue',
  evaluator: 'cyan',
  user: 'geekblue',
  gatekeeper: 'purple',
  other: 'default',
};

/** "A" … "D" as a coloured tag; nothing for a customer not scored yet. */
export function GradeTag({ grade }: { grade: string | null | undefined }) {
  const { t } = useI18n();
  if (!grade) return null;
  return (
    <Tooltip title={t('customers.gradeTip', { grade })}>
      <Tag color={GRADE_TAG[grade] ?? 'default'} className="closer-grade" data-testid="customer-grade" data-grade={grade}>
        {grade}
      </Tag>
    </Tooltip>
  );
}

/** The score (0–100) as a short bar in its grade's colour, with the number beside it. */
export function ScoreBar({ score, grade, width = 96 }: { score: number | null | undefined; grade?: string | null; width?: number }) {
  const { t } = useI18n();
  if (score === null || score === undefined) return <span className="closer-muted">{t('common.none')}</span>;
  return (
    <span className="closer-score-bar" style={{ width }} data-testid="customer-score" data-score={score}>
      <Progress
        percent={score}
        size="small"
        showInfo={false}
        strokeColor={GRADE_COLOR[grade ?? ''] ?? GRADE_COLOR.D}
        aria-label={t('customers.scoreOf', { score })}
      />
      <span className="closer-score-bar__value">{score}</span>
    </span>
  );
}

export function RoleTag({ role }: { role: string | null | undefined }) {
  const { tx } = useI18n();
  if (!role) return null;
  return (
    <Tag color={ROLE_COLOR[role] ?? 'default'} data-testid="contact-role" data-role={role}>
      {tx(`contacts.role.${role}`, role)}
    </Tag>
  );
}

/** Words for the codes on customers: size tiers, sources, lead statuses, stages. */
export function useCustomerLabels() {
  const { tx, language } = useI18n();
  return useMemo(
    () => ({
      sizeTier: (tier: string | null | undefined) => (tier ? tx(`customers.size.${tier}`, tier) : ''),
      source: (source: string | null | undefined) => (source ? tx(`leads.source.${source}`, source) : ''),
      role: (role: string | null | undefined) => (role ? tx(`contacts.role.${role}`, role) : ''),
      leadStatus: (status: string | null | undefined) => (status ? tx(`leads.status.${status}`, status) : ''),
      /** A stage by its key in the user's language, else the process's own name. */
      stage: (key: string | null | undefined, name?: string) =>
        key ? tx(`customers.stage.${key}`, name ?? key) : (name ?? ''),
      activityKind: (kind: string) => tx(`leads.activity.kind.${kind}`, kind),
      place: (province: string | null | undefined, city: string | null | undefined) =>
        [province, city && city !== province ? city : null].filter(Boolean).join(language === 'zh-CN' ? ' ' : ', '),
    }),
    [tx, language],
  );
}

/** Everyone in the company (names for owner ids, and people to pick). Empty when not allowed. */
export function useUsers() {
  const load = useCallback(() => api.allUsers().catch(() => [] as User[]), []);
  const users = useLoader(load);
  return useMemo(() => {
    const list = users.data ?? [];
    const byId = new Map(list.map((u) => [u.id, u]));
    return {
      users: list,
      active: list.filter((u) => u.active),
      loading: users.loading,
      name: (id: string | null | undefined) => (id ? (byId.get(id)?.name ?? '') : ''),
      get: (id: string | null | undefined) => (id ? byId.get(id) : undefined),
    };
  }, [users.data, users.loading]);
}

export type Users = ReturnType<typeof useUsers>;
