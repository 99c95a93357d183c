import { EnvironmentOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Typography } from 'antd';
import { useCallback } from 'react';
import { targetsApi, type VisitTask } from '../api/targets';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import type { Language } from '../i18n/messages';
import { useLoader } from '../lib/useLoader';
import '../targets/targets.css';

/** A calendar day without its year: "3/16" / "3月16日". */
function shortDay(day: string, language: Language): string {
  const date = new Date(`${day}T12:00:00`);
  return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(language, { month: 'numeric', day: 'numeric' }).format(date);
}

function taskColor(task: VisitTask): string {
  if (task.done >= task.required) return '#16a34a';
  return Number(task.percent) >= 50 ? '#2563eb' : '#d97706';
}

/**
 * This week's visit tasks (the visit rules that apply to the signed-in rep): each rule's
 * visits done against those required, as a compact bar — small enough to sit above today's
 * tasks on a phone. Nothing is shown when no rule applies or the list cannot be read.
 */
export function VisitTasksCard() {
  const { t, tx, language } = useI18n();
  const { user, can } = useSession();
  // Visit tasks are targets' (`targets.read`): a role without it is not asked for them.
  const readsTasks = can('targets.read');
  const tasks = useLoader(
    useCallback(
      () => (readsTasks ? targetsApi.visitTasks({ user_id: user.id }) : Promise.resolve(null)),
      [user.id, readsTasks],
    ),
  );
  const data = tasks.data;
  const mine = (data?.items ?? []).filter((task) => task.user_id === user.id);
  if (!data || mine.length === 0) return null;
  return (
    <Card
      size="small"
      className="closer-page-card closer-visit-tasks"
      title={
        <span>
          <EnvironmentOutlined style={{ color: '#16a34a', marginInlineEnd: 6 }} />
          {t('visits.tasks.title')}
        </span>
      }
      extra={
        <Typography.Text type="secondary" className="closer-visit-tasks__week" data-testid="visit-tasks-week">
          {shortDay(data.from, language)} – {shortDay(data.to, language)}
        </Typography.Text>
      }
      data-testid="visit-tasks"
    >
      <Flex vertical gap={6}>
        {mine.map((task) => (
          <div key={task.rule_id} className="closer-visit-task" data-testid="visit-task" data-rule={task.rule_id} data-done={task.done} data-required={task.required}>
            <Flex justify="space-between" align="baseline" gap={8}>
              <Typography.Text ellipsis className="closer-visit-task__name">
                {task.rule_name}
                <Typography.Text type="secondary" className="closer-visit-task__counts">
                  {' · '}
                  {tx(`visits.counts.${task.counts}`, task.counts)}
                </Typography.Text>
              </Typography.Text>
              <Typography.Text strong className="closer-num" data-testid="visit-task-progress">
                {t('visits.tasks.progress', { done: task.done, required: task.required })}
              </Typography.Text>
            </Flex>
            <Progress percent={Math.min(100, Number(task.percent))} showInfo={false} size="small" strokeColor={taskColor(task)} style={{ margin: 0 }} />
          </div>
        ))}
      </Flex>
    </Card>
  );
}
