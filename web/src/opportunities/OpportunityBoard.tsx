import { DndContext, PointerSensor, TouchSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { Button, Empty, Flex, Segmented, Select, Spin, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { opportunitiesApi } from '../api/opportunities';
import type { Opportunity, ProcessStage } from '../api/types';
import { ScrollRow } from '../components/ScrollRow';
import { useI18n } from '../i18n/useI18n';
import { formatMoney } from '../lib/format';
import { sumMoney } from '../lib/money';
import { problemMessage } from '../lib/problem';
import { listQuery, type OpportunityQuery } from './filters';
import { stageName } from './lookups';
import { useStageMove } from './MoveFlow';
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

function ColumnHeader({ stage, column }: { stage: ProcessStage; column?: Column }) {
  const { t, language } = useI18n();
  const items = column?.items ?? [];
  const more = column?.next ? '+' : '';
  return (
    <div className="closer-opp-column__header" data-testid="opp-column-header">
      <Flex justify="space-between" align="baseline" gap={8}>
        <Typography.Text strong>{stageName(stage, language)}</Typography.Text>
        <Typography.Text type="secondary">{t('opps.winRate', { rate: stage.win_rate })}</Typography.Text>
      </Flex>
      <Typography.Text type="secondary" data-testid="opp-column-sum">
        {t('opps.column.summary', { count: `${items.length}${more}`, amount: formatMoney(sumMoney(items.map((o) => o.amount)), language) })}
      </Typography.Text>
    </div>
  );
}

function DraggableCard({ opportunity, owner }: { opportunity: Opportunity; owner: string }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: opportunity.id, data: { opportunity } });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10, position: 'relative' as const } : undefined;
  return (
    <div ref={setNodeRef} style={style} className={isDragging ? 'closer-opp-drag is-dragging' : 'closer-opp-drag'} {...listeners} {...attributes}>
      <OpportunityCard opportunity={opportunity} owner={owner} />
    </div>
  );
}

function DroppableColumn({ stage, column, nameOf, onMore }: { stage: ProcessStage; column?: Column; nameOf: (id?: string | null) => string; onMore: () => void }) {
  const { t } = useI18n();
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <div ref={setNodeRef} className={`closer-opp-column${isOver ? ' is-over' : ''}`} data-testid="opp-column" data-stage-key={stage.key} data-stage-id={stage.id}>
      <ColumnHeader stage={stage} column={column} />
      <div className="closer-opp-column__cards">
        {column?.error && <Typography.Text type="danger">{column.error}</Typography.Text>}
        {column?.items.map((o) => <DraggableCard key={o.id} opportunity={o} owner={nameOf(o.owner_id)} />)}
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
    return (
      <div data-testid="opp-phone-list">
        <ScrollRow className="closer-opp-phone-stages" testId="opp-stage-tabs">
          <Segmented
            value={current.id}
            onChange={(value) => setPhoneStage(String(value))}
            options={stages.map((s) => ({ value: s.id, label: <span data-testid={`opp-stage-tab-${s.key}`}>{`${stageName(s, language)} ${columns[s.id]?.items.length ?? ''}${columns[s.id]?.next ? '+' : ''}`}</span> }))}
          />
        </ScrollRow>
        <ColumnHeader stage={current} column={column} />
        <Flex vertical gap={8} className="closer-opp-phone-cards">
          {column?.loading && <Spin />}
          {column && !column.loading && column.items.length === 0 && <Empty description={t('opps.column.empty')} />}
          {column?.items.map((o) => (
            <OpportunityCard
              key={o.id}
              opportunity={o}
              owner={nameOf(o.owner_id)}
              extra={
                <Select
                  className="closer-opp-card__move"
                  data-testid="opp-card-move"
                  placeholder={t('opps.moveTo')}
                  value={null}
                  onChange={(id: string) => {
                    const to = stages.find((s) => s.id === id);
                    if (to) move(o, to);
                  }}
                  options={stages.filter((s) => s.id !== current.id).map((s) => ({ value: s.id, label: stageName(s, language) }))}
                />
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
          <DroppableColumn key={stage.id} stage={stage} column={columns[stage.id]} nameOf={nameOf} onMore={() => void loadColumn(stage.id, columns[stage.id]?.next)} />
        ))}
      </div>
      {modals}
    </DndContext>
  );
}
