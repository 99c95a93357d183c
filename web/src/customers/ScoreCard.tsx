import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { ScoreExplanation, ScoringModel } from '../api/freeform';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { GRADE_COLOR, GradeTag, useCustomerLabels } from './labels';
import { describeRule } from './score';

const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c'];

/**
 * The score and grade with the rule-by-rule explanation: one bar split by what each rule
 * can give (coloured when earned), then every rule with its points and why.
 */
export function ScoreCard({
  explanation,
  model,
  compact,
}: {
  explanation: ScoreExplanation;
  model: ScoringModel | null;
  compact?: boolean;
}) {
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const labels = useCustomerLabels();
  const { score, grade, points, max_points: maxPoints, rules } = explanation;
  // On a phone the rules fold away behind "Why", so the timeline is not far below.
  const [open, setOpen] = useState(!compact);
  const byKey = new Map((model?.rules ?? []).map((rule) => [rule.key, rule]));
  const words = {
    t,
    language,
    currency: user.tenant.currency ?? 'CNY',
    sizeTier: labels.sizeTier,
    fieldName: (field: string) => tx(`scoring.field.${field}`, field),
  };

  return (
    <Card title={t('customers.score.title')} size={compact ? 'small' : undefined} className="closer-page-card" data-testid="score-card">
      <div className="closer-score-head">
        <span className="closer-score-head__number" style={{ color: GRADE_COLOR[grade] ?? undefined }} data-testid="score-value">
          {score}
        </span>
        <div>
          <GradeTag grade={grade} />
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {t('customers.score.points', { points, max: maxPoints })}
          </Typography.Text>
        </div>
      </div>
      {rules.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('customers.score.noRules')} />
      ) : (
        <>
          <div className="closer-score-stack" role="img" aria-label={t('customers.score.stackLabel', { points, max: maxPoints })}>
            {rules.map((rule, index) => (
              <Tooltip key={rule.key} title={`${rule.label}: ${rule.points}/${rule.weight}`}>
                <span
                  className="closer-score-stack__part"
                  style={{
                    width: `${maxPoints ? (rule.weight / maxPoints) * 100 : 0}%`,
                    background: rule.matched ? PALETTE[index % PALETTE.length] : 'transparent',
                  }}
                />
              </Tooltip>
            ))}
          </div>
          {compact && (
            <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setOpen((o) => !o)} data-testid="score-why">
              {open ? t('customers.score.hideWhy') : t('customers.score.showWhy', { count: rules.length })}
            </Button>
          )}
          {open && (
          <ul className="closer-score-rules" data-testid="score-rules">
            {rules.map((rule, index) => {
              const why = describeRule(rule, byKey.get(rule.key), words);
              return (
                <li key={rule.key} className="closer-score-rule" data-testid="score-rule" data-matched={rule.matched}>
                  <span className="closer-score-rule__icon">
                    {rule.matched ? (
                      <CheckCircleFilled style={{ color: PALETTE[index % PALETTE.length] }} aria-label={t('customers.score.matched')} />
                    ) : (
                      <MinusCircleOutlined style={{ color: '#cbd5e1' }} aria-label={t('customers.score.notMatched')} />
                    )}
                  </span>
                  <Typography.Text className="closer-score-rule__label" type={rule.matched ? undefined : 'secondary'}>
                    {rule.label}
                  </Typography.Text>
                  <Typography.Text className="closer-score-rule__points" strong={rule.matched} type={rule.matched ? undefined : 'secondary'}>
                    {t('customers.score.rulePoints', { points: rule.points, weight: rule.weight })}
                  </Typography.Text>
                  <span className="closer-score-rule__why">
                    {why.requirement ? `${why.value} · ${why.requirement}` : why.value}
                  </span>
                </li>
              );
            })}
          </ul>
          )}
        </>
      )}
    </Card>
  );
}
