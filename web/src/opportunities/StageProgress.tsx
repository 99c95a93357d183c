import { Flex, Steps, Tag, Tooltip, Typography } from 'antd';
import type { ProcessStage } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatPercent } from '../lib/format';
import { stageName } from './lookups';

/**
 * Where a deal stands in the process. On a desk the stages as steps with their win rates; on
 * a phone one line: the current stage, "3 of 5", a segmented bar and the next stage.
 */
export function StageProgress({ stages, currentId, compact }: { stages: ProcessStage[]; currentId?: string | null; compact: boolean }) {
  const { t, language } = useI18n();
  const current = stages.find((s) => s.id === currentId);
  // The lost stage shows only when the deal is lost, in place of the rest.
  const open = stages.filter((s) => !s.is_won && !s.is_lost);
  const visible = current?.is_lost ? [...open, current] : stages.filter((s) => !s.is_lost);
  const index = visible.findIndex((s) => s.id === current?.id);
  const status = current?.is_lost ? 'error' : current?.is_won ? 'finish' : 'process';

  if (!compact) {
    return (
      <Steps
        size="small"
        current={index}
        status={status}
        items={visible.map((s) => ({ title: stageName(s, language), description: formatPercent(s.win_rate) }))}
        data-testid="opp-steps"
      />
    );
  }

  const next = current && !current.is_won && !current.is_lost ? visible[index + 1] : undefined;
  return (
    <Flex vertical gap={6} data-testid="opp-stage-compact">
      <Flex justify="space-between" align="center" gap={8}>
        <span>
          <Tag color={current?.is_won ? 'green' : current?.is_lost ? 'red' : 'blue'} style={{ marginInlineEnd: 6 }}>
            {current ? stageName(current, language) : t('common.none')}
          </Tag>
          {current && <Typography.Text type="secondary">{formatPercent(current.win_rate)}</Typography.Text>}
        </span>
        {index >= 0 && (
          <Typography.Text type="secondary" data-testid="opp-stage-position">
            {t('opps.stage.position', { n: index + 1, total: visible.length })}
          </Typography.Text>
        )}
      </Flex>
      <div className="closer-stage-bar" role="img" aria-label={t('opps.stage.position', { n: index + 1, total: visible.length })}>
        {visible.map((s, i) => {
          const state = i < index ? 'done' : i === index ? (current?.is_lost ? 'lost' : current?.is_won ? 'done' : 'current') : 'todo';
          return (
            <Tooltip key={s.id} title={`${stageName(s, language)} · ${formatPercent(s.win_rate)}`}>
              <span className={`closer-stage-bar__segment is-${state}`} />
            </Tooltip>
          );
        })}
      </div>
      {next && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('opps.stage.next', { stage: stageName(next, language) })}
        </Typography.Text>
      )}
    </Flex>
  );
}
