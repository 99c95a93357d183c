import { DndContext, PointerSensor, TouchSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { LockOutlined } from '@ant-design/icons';
import { Button, Empty, Flex, Segmented, Select, Spin, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { opportunitiesApi } from '../api/opportunities';
import type { Opportunity, ProcessStage } from '../api/types';
import { useSession } from '../auth/session';
import { ScrollRow } from '../components/ScrollRow';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { sumMoney } from '../lib/money';
import { problemMessage } from '../lib/problem';
import { listQuery, type OpportunityQuery } from './filters';
import { stageName } from './lookups';
import { mayLeave, useStageMove } from './MoveFlow';
import { OpportunityCard } from './OpportunityCard';

const PAGE_SIZE = 50;

/**
 * The pointer is released over the dragged card's link. dnd-kit stops that click's
 * propagation but not its default, so the browser would follow the link: refuse it here.
 */
function swallowNextClick() {
  const refuse = (event: MouseEvent) => event.preventDefault();
  window.addEventListener('click', refuse, { capture: true, once: true });
  window.setTimeout(() => window.removeEventListener('click', refuse, { capture: true }), 300);
}

interface Column {
  items: Opportunity[];
  next: string | null;
  loading: boolean;
  error?: string;
}

/** Each stage's first page, loaded by `?stage_id=`; a column reloads on its own after a move. */
function useColumns(stages: ProcessStage[], query: OpportunityQuery) {
  const { t } = useI18n();
  const [columns, setColumns] = useState<Record<string, Column>>({});
  const queryKey = JSON.stringify(query);
  const round = useRef(0);

  const loadColumn = useCallback(
    async (stageId: string, cursor?: string | null) => {
      const mine = round.current;
      setColumns((all) => ({ ...all, [stageId]: { items: all[stageId]?.items ?? [], next: all[stageId]?.next ?? null, loading: true } }));
      try {
        const page = await opportunitiesApi.list(listQuery({ ...(JSON.parse(queryKey) as OpportunityQuery), stage_id: stageId }), { limit: PAGE_SIZE, cursor });
        if (mine !== round.current) return;
        setColumns((all) => ({
          ...all,
          [stageId]: { items: cursor ? [...(all[stageId]?.items ?? []), ...page.items] : page.items, next: page.next_cursor ?? null, loading: false },
        }));
      } catch (error) {
        if (mine !== round.current) return;
        setColumns((all) => ({ ...all, [stageId]: { items: [], next: null, loading: false, error: problemMessage(error, t) } }));
      }
    },
    [queryKey, t],
  );

  useEffect(() => {
    round.current += 1;
    for (const stage of stages) void loadColumn(stage.id);
  }, [stages, loadColumn]);

  return { columns, loadColumn };
}

/** A closed stage's deals stay put for a role that may not reopen them: a lock says why. */
function ColumnHeader({ stage, column, locked }: { stage: ProcessStage; column?: Column; locked?: boolean }) {
  const { t, language } = useI18n();
  const items = column?.items ?? [];
  const more = column?.next ? '+' : '';
  return (
    <div className="closer-opp-column__header" data-testid="opp-column-header">
      <Flex justify="space-between" align="baseline" gap={8}>
        <Typography.Text strong>
          {stageName(stage, language)}
          {locked && (
            <Tooltip title={t('opps.reopen.notAllowed')}>
              <LockOutlined style={{ marginInlineStart: 6 }} aria-label={t('opps.reopen.notAllowed')} data-testid="opp-column-locked" />
            </Tooltip>
          )}
        </Typography.Text>
        <Typography.Text type="secondary">{t('opps.winRate', { rate: stage.win_rate })}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary" data-testid="opp-column-sum">
        {t('opps.column.summary', { count: `${items.length}${more}`, amount: formatMoney(sumMoney(items.map((o) => o.amount)), language) })}
      </Typography.Text>
    </div>
  );
}

function DraggableCard({ opportunity, owner, locked }: { opportunity: Opportunity; owner: string; locked: boolean }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: opportunity.id, data: { opportunity }, disabled: locked });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10, position: 'relative' as const } : undefined;
  return (
    <div
      ref={setNodeRef}
      style={style}
      className={isDragging ? 'closer-opp-drag is-dragging' : locked ? 'closer-opp-drag is-locked' : 'closer-opp-drag'}
      data-locked={locked || undefined}
      {...listeners}
      {...attributes}
    >
      <OpportunityCard opportunity={opportunity} owner={owner} />
    </div>
  );
}

function DroppableColumn({
  stage,
  column,
  locked,
  nameOf,
  onMore,
}: {
  stage: ProcessStage;
  column?: Column;
  /** The column's deals may not leave it (a closed stage, a role that may not reopen). */
  locked: boolean;
  nameOf: (id?: string | null) => string;
  onMore: () => void;
}) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <div ref={setNodeRef} className={`closer-opp-column${isOver ? ' is-over' : ''}`} data-testid="opp-column" data-stage-key={stage.key} data-stage-id={stage.id}>
      <ColumnHeader stage={stage} column={column} locked={locked} />
      <div className="closer-opp-column__cards">
        {column?.error && <Typography.Text type="danger">{column.error}</Typography.Text>}
        {column?.items.map((o) => <DraggableCard key={o.id} opportunity={o} owner={nameOf(o.owner_id)} locked={locked} />)}
        {column?.loading && <Spin size="small" />}
        {column && !column.loading && column.items.length === 0 && !column.error && <Typography.Text type="secondary">{t('opps.column.empty')}</Typography.Text>}
        {column?.next && (
          <Button size="small" type="link" onClick={onMore}>
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </div>
  );
}

/** The kanban board: one column per stage in order; drag a card onto another column to move it. */
export function OpportunityBoard({ stages, query, nameOf, phone }: { stages: ProcessStage[]; query: OpportunityQuery; nameOf: (id?: string | null) => string; phone: boolean }) {
  const { t, language } = useI18n();
  const { can } = useSession();
  const { columns, loadColumn } = useColumns(stages, query);
  const onMoved = (from: string | undefined, opportunity: Opportunity) => {
    if (from) void loadColumn(from);
    if (opportunity.stage && opportunity.stage.id !== from) void loadColumn(opportunity.stage.id);
  };
  const { move, modals } = useStageMove(stages, onMoved);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }));
  const [phoneStage, setPhoneStage] = useState<string | undefined>();

  const onDragEnd = (event: DragEndEvent) => {
    swallowNextClick();
    const opportunity = (event.active.data.current as { opportunity?: Opportunity } | undefined)?.opportunity;
    const to = stages.find((s) => s.id === event.over?.id);
    if (opportunity && to) move(opportunity, to);
  };

  if (stages.length === 0) return <Empty />;

  if (phone) {
    const current = stages.find((s) => s.id === phoneStage) ?? stages[0];
    const column = columns[current.id];
    const locked = !mayLeave(current, can);
    return (
      <div data-testid="opp-phone-list">
        <ScrollRow className="closer-opp-phone-stages" testId="opp-stage-tabs">
          <Segmented
            value={current.id}
            onChange={(value) => setPhoneStage(String(value))}
            options={stages.map((s) => ({ value: s.id, label: <span data-testid={`opp-stage-tab-${s.key}`}>{`${stageName(s, language)} ${columns[s.id]?.items.length ?? ''}${columns[s.id]?.next ? '+' : ''}`}</span> }))}
          />
        </ScrollRow>
        <ColumnHeader stage={current} column={column} locked={locked} />
        <Flex vertical gap={8} className="closer-opp-phone-cards">
          {column?.loading && <Spin />}
          {column && !column.loading && column.items.length === 0 && <Empty description={t('opps.column.empty')} />}
          {column?.items.map((o) => (
            <OpportunityCard
              key={o.id}
              opportunity={o}
              owner={nameOf(o.owner_id)}
              extra={
                <Tooltip title={locked ? t('opps.reopen.notAllowed') : undefined}>
                  <span style={{ display: 'block' }}>
                    <Select
                      className="closer-opp-card__move"
                      data-testid="opp-card-move"
                      placeholder={t('opps.moveTo')}
                      value={null}
                      disabled={locked}
                      onChange={(id: string) => {
                        const to = stages.find((s) => s.id === id);
                        if (to) move(o, to);
                      }}
                      options={stages.filter((s) => s.id !== current.id).map((s) => ({ value: s.id, label: stageName(s, language) }))}
                    />
                  </span>
                </Tooltip>
              }
            />
          ))}
          {column?.next && <Button onClick={() => void loadColumn(current.id, column.next)}>{t('common.loadMore')}</Button>}
        </Flex>
        {modals}
      </div>
    );
  }

  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd} onDragCancel={swallowNextClick}>
      <div className="closer-opp-board" data-testid="opp-board" onDragStart={(event) => event.preventDefault()}>
        {stages.map((stage) => (
          <DroppableColumn
            key={stage.id}
            stage={stage}
            column={columns[stage.id]}
            locked={!mayLeave(stage, can)}
            nameOf={nameOf}
            onMore={() => void loadColumn(stage.id, columns[stage.id]?.next)}
          />
        ))}
      </div>
      {modals}
    </DndContext>
  );
}
