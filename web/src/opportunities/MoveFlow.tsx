import { App, Checkbox, Form, Input, List, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Opportunity, ProcessStage } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import { stageName } from './lookups';

interface Pending {
  opportunity: Opportunity;
  to: ProcessStage;
}

/** The task keys a 409 `required_tasks_open` names (`errors[].field` = `tasks.<key>`). */
export function openTaskKeys(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? [])
    .map((problem) => problem.field)
    .filter((field) => field.startsWith('tasks.'))
    .map((field) => field.slice('tasks.'.length));
}

/**
 * Moving an opportunity to another stage, with everything that can stand in the way: a
 * lost stage asks for the reason first; open required tasks bring up the checklist to tick
 * before trying again; a card someone else moved meanwhile (412) is reloaded with a word.
 * `onMoved` gets the stage left and the fresh record (or the reloaded one after a 412).
 */
export function useStageMove(stages: ProcessStage[], onMoved: (fromStageId: string | undefined, opportunity: Opportunity) => void) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const [lossFor, setLossFor] = useState<Pending | null>(null);
  const [checklist, setChecklist] = useState<(Pending & { open: string[] }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [reasonForm] = Form.useForm<{ loss_reason: string }>();

  const send = async (pending: Pending, lossReason?: string): Promise<boolean> => {
    const { opportunity, to } = pending;
    const from = opportunity.stage?.id;
    try {
      const moved = await opportunitiesApi.move(opportunity.id, { stage_id: to.id, loss_reason: lossReason }, opportunity.version);
      message.success(t('opps.move.done', { name: opportunity.name, stage: stageName(to, language) }));
      onMoved(from, moved);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && error.code === 'required_tasks_open') {
        setChecklist({ ...pending, open: openTaskKeys(error) });
      } else if (error instanceof ApiError && error.status === 412) {
        message.warning(t('opps.move.stale', { name: opportunity.name }));
        const fresh = await opportunitiesApi.get(opportunity.id).catch(() => opportunity);
        onMoved(from, fresh);
      } else if (error instanceof ApiError && error.status === 422 && (error.problem.errors ?? []).some((e) => e.field === 'loss_reason')) {
        setLossFor(pending);
      } else {
        message.error(problemMessage(error, t));
      }
      return false;
    }
  };

  const move = (opportunity: Opportunity, to: ProcessStage) => {
    if (opportunity.stage?.id === to.id) return;
    if (to.is_lost) {
      reasonForm.resetFields();
      setLossFor({ opportunity, to });
      return;
    }
    void send({ opportunity, to });
  };

  const submitReason = async () => {
    if (!lossFor) return;
    const { loss_reason: reason } = await reasonForm.validateFields();
    setBusy(true);
    const ok = await send(lossFor, reason.trim());
    setBusy(false);
    if (ok) setLossFor(null);
  };

  const currentStage = checklist ? stages.find((s) => s.id === checklist.opportunity.stage?.id) : undefined;

  const tick = async (key: string, done: boolean) => {
    if (!checklist) return;
    try {
      const updated = await opportunitiesApi.tickTask(checklist.opportunity.id, key, done);
      setChecklist({ ...checklist, opportunity: updated });
    } catch (error) {
      message.error(problemMessage(error, t));
    }
  };

  const retry = async () => {
    if (!checklist) return;
    setBusy(true);
    const fresh = await opportunitiesApi.get(checklist.opportunity.id).catch(() => checklist.opportunity);
    const ok = await send({ opportunity: fresh, to: checklist.to });
    setBusy(false);
    if (ok) setChecklist(null);
  };

  const modals: ReactNode = (
    <>
      <Modal
        open={lossFor !== null}
        title={t('opps.loss.title', { name: lossFor?.opportunity.name ?? '' })}
        okText={t('opps.loss.submit')}
        okButtonProps={{ danger: true, ...({ 'data-testid': 'loss-submit' } as Record<string, string>) }}
        confirmLoading={busy}
        onOk={() => void submitReason()}
        onCancel={() => setLossFor(null)}
        destroyOnHidden
      >
        <Form form={reasonForm} layout="vertical">
          <Form.Item name="loss_reason" label={t('opps.field.loss_reason')} rules={[{ required: true, whitespace: true, message: t('opps.loss.required') }]}>
            <Input.TextArea rows={3} maxLength={500} data-testid="loss-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={checklist !== null}
        title={t('opps.checklist.title')}
        okText={t('opps.checklist.retry', { stage: checklist ? stageName(checklist.to, language) : '' })}
        okButtonProps={{ ...({ 'data-testid': 'checklist-retry' } as Record<string, string>) }}
        confirmLoading={busy}
        onOk={() => void retry()}
        onCancel={() => setChecklist(null)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('opps.checklist.explain')}</Typography.Paragraph>
        <List
          size="small"
          data-testid="checklist-prompt"
          dataSource={currentStage?.tasks ?? []}
          renderItem={(task) => {
            const done = checklist?.opportunity.done_tasks.includes(task.key) ?? false;
            const blocking = checklist?.open.includes(task.key) && !done;
            return (
              <List.Item>
                <Checkbox checked={done} onChange={(e) => void tick(task.key, e.target.checked)} data-testid={`task-${task.key}`}>
                  <Typography.Text type={blocking ? 'danger' : undefined}>{task.label}</Typography.Text>
                  {task.required && <Typography.Text type="secondary"> · {t('opps.task.required')}</Typography.Text>}
                </Checkbox>
              </List.Item>
            );
          }}
        />
      </Modal>
    </>
  );

  return { move, modals };
}
