import { App, Checkbox, Form, Input, List, Modal, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Opportunity, ProcessStage } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import { stageName } from './lookups';

/** The permission that lets a deal leave a won or lost stage. */
export const REOPEN_PERMISSION = 'opportunities.reopen';

/** The reasons a move may need, as the request's field names. */
export type ReasonField = 'loss_reason' | 'reopen_reason';

/** The dialog's order: why reopen, then why lost. */
const REASON_ORDER: ReasonField[] = ['reopen_reason', 'loss_reason'];

interface Pending {
  opportunity: Opportunity;
  to: ProcessStage;
}

/** A move waiting for its reasons: which ones the dialog asks for. */
interface Asking extends Pending {
  fields: ReasonField[];
}

/** The task keys a 409 `required_tasks_open` names (`errors[].field` = `tasks.<key>`). */
export function openTaskKeys(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem.errors ?? [])
    .map((problem) => problem.field)
    .filter((field) => field.startsWith('tasks.'))
    .map((field) => field.slice('tasks.'.length));
}

/** Whether a stage closes a deal (won or lost). */
export const isClosedStage = (stage: ProcessStage | undefined): boolean => Boolean(stage?.is_won || stage?.is_lost);

/**
 * The reasons moving from `from` to `to` asks for: leaving a won or lost stage (reopening,
 * or won ↔ lost) needs the reopen reason, entering a lost stage the loss reason — won → lost
 * needs both. Staying put asks for nothing.
 */
export function reasonsFor(from: ProcessStage | undefined, to: ProcessStage): ReasonField[] {
  if (from?.id === to.id) return [];
  const fields: ReasonField[] = [];
  if (isClosedStage(from)) fields.push('reopen_reason');
  if (to.is_lost) fields.push('loss_reason');
  return fields;
}

/** Whether a role may take a deal out of `from` at all: a closed stage takes `opportunities.reopen`. */
export function mayLeave(from: ProcessStage | undefined, can: (permission: string) => boolean): boolean {
  return !isClosedStage(from) || can(REOPEN_PERMISSION);
}

/** Whether the move from `from` to `to` is one to offer: another stage, and one the role may leave. */
export function mayMove(from: ProcessStage | undefined, to: ProcessStage, can: (permission: string) => boolean): boolean {
  return from?.id !== to.id && mayLeave(from, can);
}

/** The reason fields a 422 refuses, each with the server's message. */
export function reasonProblems(error: unknown): Partial<Record<ReasonField, string>> {
  if (!(error instanceof ApiError) || error.status !== 422) return {};
  const found: Partial<Record<ReasonField, string>> = {};
  for (const problem of error.problem.errors ?? []) {
    if (problem.field === 'loss_reason' || problem.field === 'reopen_reason') found[problem.field] = problem.message;
  }
  return found;
}

/**
 * Moving an opportunity to another stage, with everything that can stand in the way: a
 * lost stage asks for the reason first, and so does leaving a won or lost stage (the reopen
 * reason, kept in the deal's history; won → lost asks for both in one dialog); a role
 * without `opportunities.reopen` is told it cannot move a closed deal; open required tasks
 * bring up the checklist to tick before trying again; a card someone else moved meanwhile
 * (412) is reloaded with a word. `onMoved` gets the stage left and the fresh record (or the
 * reloaded one after a 412). `canMove` says which moves to offer at all.
 */
export function useStageMove(stages: ProcessStage[], onMoved: (fromStageId: string | undefined, opportunity: Opportunity) => void) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [refused, setRefused] = useState<Partial<Record<ReasonField, string>>>({});
  const [checklist, setChecklist] = useState<(Pending & { open: string[]; reasons: Partial<Record<ReasonField, string>> }) | null>(null);
  const [busy, setBusy] = useState(false);
  const [reasonForm] = Form.useForm<Partial<Record<ReasonField, string>>>();

  const stageOf = (opportunity: Opportunity) => stages.find((s) => s.id === opportunity.stage?.id);

  const ask = (pending: Pending, fields: ReasonField[], problems: Partial<Record<ReasonField, string>> = {}) => {
    // Asked again about the same move (a 422 from the dialog): keep what was typed.
    const same = asking !== null && asking.opportunity.id === pending.opportunity.id && asking.to.id === pending.to.id;
    if (!same) reasonForm.resetFields();
    const wanted = new Set([...fields, ...(same ? asking.fields : [])]);
    setRefused(problems);
    setAsking({ ...pending, fields: REASON_ORDER.filter((field) => wanted.has(field)) });
  };

  const send = async (pending: Pending, reasons: Partial<Record<ReasonField, string>> = {}): Promise<boolean> => {
    const { opportunity, to } = pending;
    const from = opportunity.stage?.id;
    try {
      const moved = await opportunitiesApi.move(opportunity.id, { stage_id: to.id, ...reasons }, opportunity.version);
      message.success(t('opps.move.done', { name: opportunity.name, stage: stageName(to, language) }));
      onMoved(from, moved);
      return true;
    } catch (error) {
      const problems = reasonProblems(error);
      if (error instanceof ApiError && error.status === 409 && error.code === 'required_tasks_open') {
        setAsking(null);
        setChecklist({ ...pending, open: openTaskKeys(error), reasons });
      } else if (error instanceof ApiError && error.status === 412) {
        setAsking(null);
        message.warning(t('opps.move.stale', { name: opportunity.name }));
        const fresh = await opportunitiesApi.get(opportunity.id).catch(() => opportunity);
        onMoved(from, fresh);
      } else if (Object.keys(problems).length > 0) {
        ask(pending, Object.keys(problems) as ReasonField[], problems);
      } else if (error instanceof ApiError && error.status === 403) {
        // The role may not make this move (reopening takes `opportunities.reopen`): no reason will help.
        setAsking(null);
        message.error(problemMessage(error, t));
      } else {
        message.error(problemMessage(error, t));
      }
      return false;
    }
  };

  const canMove = (opportunity: Opportunity, to: ProcessStage) => mayMove(stageOf(opportunity), to, can);

  const move = (opportunity: Opportunity, to: ProcessStage) => {
    const from = stageOf(opportunity);
    if (opportunity.stage?.id === to.id) return;
    if (!mayLeave(from, can)) {
      message.warning(t('opps.reopen.notAllowed'));
      return;
    }
    const fields = reasonsFor(from, to);
    if (fields.length > 0) {
      ask({ opportunity, to }, fields);
      return;
    }
    void send({ opportunity, to });
  };

  const submitReasons = async () => {
    if (!asking) return;
    // A blank reason: the form shows what is missing.
    const values = await reasonForm.validateFields().catch(() => null);
    if (!values) return;
    const reasons: Partial<Record<ReasonField, string>> = {};
    for (const field of asking.fields) reasons[field] = (values[field] ?? '').trim();
    setBusy(true);
    const ok = await send(asking, reasons);
    setBusy(false);
    if (ok) setAsking(null);
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
    const ok = await send({ opportunity: fresh, to: checklist.to }, checklist.reasons);
    setBusy(false);
    if (ok) setChecklist(null);
  };

  const reopening = asking?.fields.includes('reopen_reason') ?? false;
  const losing = asking?.fields.includes('loss_reason') ?? false;
  const leaving = asking ? stageOf(asking.opportunity) : undefined;
  const title = !asking
    ? ''
    : reopening && losing
      ? t('opps.reopen.titleLost')
      : reopening
        ? t('opps.reopen.title')
        : t('opps.loss.title', { name: asking.opportunity.name });
  const refusal = (field: ReasonField) => (refused[field] ? { validateStatus: 'error' as const, help: refused[field] } : {});

  const modals: ReactNode = (
    <>
      <Modal
        open={asking !== null}
        title={title}
        okText={losing ? t('opps.loss.submit') : t('opps.reopen.submit')}
        okButtonProps={{ danger: losing, ...({ 'data-testid': losing ? 'loss-submit' : 'reopen-submit' } as Record<string, string>) }}
        confirmLoading={busy}
        onOk={() => void submitReasons()}
        onCancel={() => setAsking(null)}
        destroyOnHidden
      >
        {reopening && asking && (
          <Typography.Paragraph type="secondary" data-testid="reopen-explain">
            {t('opps.reopen.explain', {
              name: asking.opportunity.name,
              from: leaving ? stageName(leaving, language) : (asking.opportunity.stage?.name ?? ''),
              to: stageName(asking.to, language),
            })}
          </Typography.Paragraph>
        )}
        <Form
          form={reasonForm}
          layout="vertical"
          onValuesChange={(changed: Partial<Record<ReasonField, string>>) =>
            setRefused((now) => Object.fromEntries(Object.entries(now).filter(([field]) => !(field in changed))))
          }
        >
          {reopening && (
            <Form.Item
              name="reopen_reason"
              label={t('opps.field.reopen_reason')}
              rules={[{ required: true, whitespace: true, message: t('opps.reopen.required') }]}
              {...refusal('reopen_reason')}
            >
              <Input.TextArea rows={3} maxLength={500} data-testid="reopen-reason" />
            </Form.Item>
          )}
          {losing && (
            <Form.Item
              name="loss_reason"
              label={t('opps.field.loss_reason')}
              rules={[{ required: true, whitespace: true, message: t('opps.loss.required') }]}
              {...refusal('loss_reason')}
            >
              <Input.TextArea rows={3} maxLength={500} data-testid="loss-reason" />
            </Form.Item>
          )}
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

  return { move, canMove, modals };
}
