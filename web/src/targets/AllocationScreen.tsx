import { ApartmentOutlined, BankOutlined, BulbOutlined, DeleteOutlined, LockOutlined, SaveOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Flex, Grid, InputNumber, Row, Segmented, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useMemo, useState, type HTMLAttributes, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { SUGGESTION_BASES, targetsApi, type CompletionRow, type SuggestionBasis, type TargetPlan } from '../api/targets';
import { useI18n } from '../i18n/useI18n';
import { formatNumber } from '../lib/format';
import { problemMessage } from '../lib/problem';
import { Chart } from '../opportunities/Chart';
import {
  allocationBody,
  balance,
  checkGrid,
  childrenOf,
  decimalsOf,
  formatUnits,
  gridFromPlan,
  isCounted,
  MONTHS,
  mergeSuggestion,
  normalize,
  parseUnits,
  problemCell,
  removeUnit,
  setMonth,
  type GridUnit,
} from './allocation';
import { balanceOption } from './charts';
import { LastPeriodCard, type LastPeriod } from './LastPeriodCard';
import { rateColor, useAmountFormat, useMoneyFormat } from './labels';

const COMPANY = '__company';

interface GridRow {
  key: string;
  unit: GridUnit | null;
  children?: GridRow[];
}

function rowsOf(units: GridUnit[], parent: string | null): GridRow[] {
  return childrenOf(units, parent).map((unit) => {
    const children = rowsOf(units, unit.id);
    return { key: unit.id, unit, children: children.length > 0 ? children : undefined };
  });
}

/** Group separators and the metric's decimals once typed; the value keeps none. */
const groupDigits = (decimals: number) => (value: string | undefined, info: { userTyping: boolean }) => {
  if (!value) return '';
  if (info.userTyping) return value;
  const units = parseUnits(value, decimals);
  const [whole, fraction] = (units === null ? String(value) : formatUnits(units, decimals)).split('.');
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
};
const ungroup = (value: string | undefined) => (value ?? '').replace(/[,\s¥]/g, '');

/**
 * The allocation screen: the company's total split over departments and people month by month
 * as an editable tree × 12 months grid, with each row's total live, each parent's month checked
 * against its children's (unbalanced cells in red), a suggestion by resources for a chosen
 * parent merged into the grid, the balance chart (share of target vs share of resources), and
 * last period's completion beside each row. Save, Lock.
 */
export function AllocationScreen({
  plan,
  editable,
  lastPeriod,
  onSaved,
}: {
  plan: TargetPlan;
  editable: boolean;
  lastPeriod: LastPeriod;
  onSaved: (plan: TargetPlan) => void;
}) {
  const { t, tx, language } = useI18n();
  const { message, modal } = App.useApp();
  const phone = Grid.useBreakpoint().md === false;
  const decimals = decimalsOf(plan.metric);
  const formatter = useMemo(() => groupDigits(decimals), [decimals]);
  const format = useAmountFormat(plan.metric);
  const money = useMoneyFormat();
  const [baseline, setBaseline] = useState(() => gridFromPlan(plan));
  const [units, setUnits] = useState<GridUnit[]>(baseline);
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [parent, setParent] = useState<string>(COMPANY);
  const [basis, setBasis] = useState<SuggestionBasis>('active_customers');
  const [busy, setBusy] = useState<'suggest' | 'save' | 'lock' | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());

  const check = useMemo(() => checkGrid(units, plan.total, decimals), [units, plan.total, decimals]);
  const dirty = useMemo(() => JSON.stringify(units) !== JSON.stringify(baseline), [units, baseline]);
  const departments = units.filter((u) => u.kind === 'department');
  const chosenParent = parent === COMPANY || !units.some((u) => u.id === parent) ? null : parent;
  const chosenName = chosenParent ? (units.find((u) => u.id === chosenParent)?.name ?? '') : t('targets.company');
  const lastRows = useMemo(() => {
    const byId = new Map<string, CompletionRow>();
    for (const row of lastPeriod.completion?.rows ?? []) byId.set(row.unit.kind === 'company' ? COMPANY : (row.unit.id ?? ''), row);
    return byId;
  }, [lastPeriod.completion]);

  const edit = (id: string, month: number, value: string | null) => {
    setUnits((previous) => setMonth(previous, id, month, value ?? ''));
    if (errors.size > 0) {
      setErrors((previous) => {
        const next = new Map(previous);
        next.delete(`${id}:${month}`);
        next.delete(id);
        return next;
      });
    }
  };

  const suggest = async () => {
    setBusy('suggest');
    try {
      // A department is split as the grid has it now (perhaps just suggested, not saved yet).
      const parentUnit = chosenParent ? units.find((u) => u.id === chosenParent) : undefined;
      const parentMonths = parentUnit?.months.map((v) => normalize(v === '' ? '0' : v, decimals) || '0');
      const answer = await targetsApi.suggest(plan.id, { department_id: chosenParent, basis, ...(parentMonths ? { parent_months: parentMonths } : {}) });
      if (answer.units.length === 0) {
        void message.info(t('targets.alloc.suggestNone', { name: chosenName }));
        return;
      }
      setUnits((previous) => mergeSuggestion(previous, chosenParent, answer.units));
      setCollapsed((previous) => {
        const next = new Set(previous);
        next.delete(chosenParent ?? COMPANY);
        return next;
      });
      void message.success(t('targets.alloc.suggested', { name: chosenName, count: answer.units.length }));
    } catch (error) {
      void message.error(problemMessage(error, t));
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    setBusy('save');
    const { body, order } = allocationBody(units, decimals);
    try {
      const saved = await targetsApi.putAllocations(plan.id, body);
      const fresh = gridFromPlan(saved);
      setBaseline(fresh);
      setUnits(fresh);
      setErrors(new Map());
      void message.success(t('targets.alloc.saved'));
      onSaved(saved);
    } catch (error) {
      const placed = new Map<string, string>();
      const rest: string[] = [];
      if (error instanceof ApiError && error.status === 422) {
        for (const problem of error.problem.errors ?? []) {
          const cell = problemCell(problem.field, order);
          if (cell) placed.set(cell, placed.has(cell) ? `${placed.get(cell)} ${problem.message}` : problem.message);
          else rest.push(problem.message);
        }
      }
      setErrors(placed);
      if (placed.size > 0) void message.error([t('targets.alloc.saveRefused', { count: placed.size }), ...rest].join(' '));
      else void message.error([problemMessage(error, t), ...rest].join(' '));
    } finally {
      setBusy(null);
    }
  };

  const lock = () =>
    modal.confirm({
      title: t('targets.lock.title'),
      content: t('targets.lock.body'),
      okText: t('targets.lock.action'),
      okButtonProps: { 'data-testid': 'plan-lock-confirm' } as Record<string, string>,
      onOk: async () => {
        setBusy('lock');
        try {
          const locked = await targetsApi.lock(plan.id);
          void message.success(t('targets.lock.done'));
          onSaved(locked);
        } catch (error) {
          void message.error(problemMessage(error, t));
        } finally {
          setBusy(null);
        }
      },
    });

  const tree: GridRow[] = [{ key: COMPANY, unit: null, children: rowsOf(units, null) }];
  const allKeys = [COMPANY, ...units.filter((u) => units.some((c) => c.parent === u.id)).map((u) => u.id)];
  const expanded = allKeys.filter((k) => !collapsed.has(k));

  const monthLabel = (m: number) => new Intl.DateTimeFormat(language, { month: 'short' }).format(new Date(2000, m, 15));

  const nameCell = (row: GridRow) => {
    if (!row.unit) {
      return (
        <Flex vertical gap={0} style={{ minWidth: 0 }}>
          <Typography.Text strong className="closer-alloc-name">
            <BankOutlined /> {t('targets.company')}
          </Typography.Text>
          <Typography.Text type="secondary" className="closer-alloc-meta">
            {t('targets.alloc.planTotal', { total: format(plan.total) })}
          </Typography.Text>
        </Flex>
      );
    }
    const unit = row.unit;
    return (
      <Flex align="flex-start" gap={4} style={{ minWidth: 0 }}>
        <Flex vertical gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text strong={unit.kind === 'department'} className="closer-alloc-name" title={unit.name} data-testid="alloc-name">
            {unit.kind === 'department' ? <ApartmentOutlined /> : <UserOutlined />} {unit.name}
          </Typography.Text>
          {errors.get(unit.id) && (
            <Typography.Text type="danger" className="closer-alloc-error">
              {errors.get(unit.id)}
            </Typography.Text>
          )}
        </Flex>
        {editable && !phone && (
          <Button
            type="text"
            size="small"
            icon={<DeleteOutlined />}
            onClick={() => setUnits((previous) => removeUnit(previous, unit.id))}
            aria-label={t('targets.alloc.remove', { name: unit.name })}
            data-testid="alloc-remove"
          />
        )}
      </Flex>
    );
  };

  const totalCell = (row: GridRow) => {
    if (!row.unit) {
      const error = errors.get('total');
      return (
        <Flex vertical align="flex-end" gap={0}>
          <Typography.Text strong className={`closer-num${check.companyBalanced ? '' : ' closer-alloc-off'}`} data-testid="alloc-company-total">
            {format(check.companyTotal)}
          </Typography.Text>
          {!check.companyBalanced && (
            <Typography.Text type="danger" className="closer-alloc-meta" data-testid="alloc-company-left">
              {check.companyLeft.startsWith('-')
                ? t('targets.alloc.over', { amount: format(check.companyLeft.slice(1)) })
                : t('targets.alloc.left', { amount: format(check.companyLeft) })}
            </Typography.Text>
          )}
          {error && (
            <Typography.Text type="danger" className="closer-alloc-error" data-testid="alloc-error">
              {error}
            </Typography.Text>
          )}
        </Flex>
      );
    }
    return (
      <Typography.Text strong={row.unit.kind === 'department'} className="closer-num" data-testid="alloc-row-total">
        {format(check.rowTotals.get(row.unit.id) ?? '0')}
      </Typography.Text>
    );
  };

  const resourcesCell = (row: GridRow) => {
    if (!row.unit) return null;
    return (
      <Flex vertical align="flex-end" gap={0} data-testid="alloc-resources">
        <Typography.Text className="closer-num closer-alloc-meta">
          {t('targets.alloc.customersN', { n: formatNumber(row.unit.resources.active_customers, language) })}
        </Typography.Text>
        <Typography.Text type="secondary" className="closer-num closer-alloc-meta">
          {money(row.unit.resources.potential)}
        </Typography.Text>
      </Flex>
    );
  };

  const lastCell = (row: GridRow) => {
    const last = lastRows.get(row.unit ? row.unit.id : COMPANY);
    if (!last) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Tooltip title={`${format(last.actual)} / ${format(last.target)}`}>
        <Typography.Text className="closer-num" style={{ color: last.rate === null ? undefined : rateColor(last.rate) }} data-testid="alloc-last-rate">
          {last.rate === null ? '—' : `${last.rate}%`}
        </Typography.Text>
      </Tooltip>
    );
  };

  const monthCell = (row: GridRow, m: number): ReactNode => {
    if (!row.unit) {
      return (
        <Typography.Text className="closer-num" data-testid="alloc-company-month">
          {format(check.companyMonths[m])}
        </Typography.Text>
      );
    }
    const unit = row.unit;
    const key = `${unit.id}:${m}`;
    const error = errors.get(key);
    const off = check.unbalanced.has(key);
    const parentOff = unit.parent !== null && check.unbalanced.has(`${unit.parent}:${m}`);
    const invalid = check.invalid.has(key);
    const sums = check.childSums.get(unit.id);
    const className = ['closer-alloc-cell', off || error ? 'is-unbalanced' : '', parentOff ? 'is-sibling-off' : '', invalid ? 'is-invalid' : '']
      .filter(Boolean)
      .join(' ');
    return (
      <div className={className} data-testid="alloc-cell" data-month={m + 1} data-unbalanced={off || undefined}>
        {editable ? (
          <InputNumber<string>
            stringMode
            size="small"
            min="0"
            precision={decimals}
            controls={false}
            value={unit.months[m]}
            onChange={(value) => edit(unit.id, m, value)}
            formatter={formatter}
            parser={ungroup}
            status={off || error || invalid ? 'error' : undefined}
            aria-label={`${unit.name} ${monthLabel(m)}`}
            style={{ width: '100%' }}
            data-testid="alloc-input"
          />
        ) : (
          <span className="closer-num">{format(unit.months[m] || '0')}</span>
        )}
        {off && sums && (
          <Typography.Text type="danger" className="closer-alloc-meta" data-testid="alloc-children-sum">
            {t('targets.alloc.childrenSum', { amount: format(sums[m]) })}
          </Typography.Text>
        )}
        {error && (
          <Typography.Text type="danger" className="closer-alloc-error" data-testid="alloc-error">
            {error}
          </Typography.Text>
        )}
      </div>
    );
  };

  const columns: ColumnsType<GridRow> = [
    {
      title: t('targets.alloc.unit'),
      key: 'unit',
      fixed: 'left',
      width: phone ? 132 : 250,
      render: (_, row) => nameCell(row),
    },
    { title: t('targets.alloc.total'), key: 'total', align: 'right', width: isCounted(plan.metric) ? 90 : phone ? 124 : 150, render: (_, row) => totalCell(row) },
    {
      title: <Tooltip title={t('targets.alloc.resourcesHint')}>{t('targets.alloc.resourcesTitle')}</Tooltip>,
      key: 'resources',
      align: 'right',
      width: 130,
      render: (_, row) => resourcesCell(row),
    },
    {
      title: (
        <Tooltip title={lastPeriod.label}>
          <span>{t(lastPeriod.kind === 'quarter' ? 'targets.alloc.lastQuarter' : 'targets.alloc.lastMonth')}</span>
        </Tooltip>
      ),
      key: 'last',
      align: 'right',
      width: 90,
      render: (_, row) => lastCell(row),
    },
    ...Array.from({ length: MONTHS }, (_, m) => ({
      title: monthLabel(m),
      key: `m${m}`,
      align: 'right' as const,
      width: isCounted(plan.metric) ? 76 : 118,
      render: (_: unknown, row: GridRow) => monthCell(row, m),
    })),
  ];

  const bars = balance(units, chosenParent, basis, decimals);
  const chartOption = balanceOption(bars, { target: t('targets.balance.target'), resources: tx(`targets.balance.resources.${basis}`) }, phone);
  const problems = check.unbalanced.size + (check.companyBalanced ? 0 : 1);

  return (
    <Flex vertical gap={16} data-testid="allocation">
      {editable && (
        <Card size="small" className="closer-alloc-toolbar" data-testid="alloc-toolbar">
          <Flex gap={8} wrap align="center" justify="space-between">
            <Flex gap={8} wrap align="center" style={{ minWidth: 0 }}>
              <Typography.Text type="secondary">{t('targets.alloc.suggestFor')}</Typography.Text>
              <Select<string>
                value={chosenParent ?? COMPANY}
                onChange={setParent}
                showSearch
                optionFilterProp="label"
                style={{ minWidth: 150 }}
                popupMatchSelectWidth={false}
                data-testid="alloc-parent"
                options={[
                  { value: COMPANY, label: t('targets.company') },
                  ...departments.map((d) => ({ value: d.id, label: d.name })),
                ]}
              />
              <Segmented<SuggestionBasis>
                value={basis}
                onChange={setBasis}
                options={SUGGESTION_BASES.map((b) => ({ value: b, label: <span data-testid={`alloc-basis-${b}`}>{t(`targets.basis.${b}`)}</span> }))}
              />
              <Button icon={<BulbOutlined />} onClick={() => void suggest()} loading={busy === 'suggest'} data-testid="alloc-suggest">
                {t('targets.alloc.suggest')}
              </Button>
            </Flex>
            <Space wrap>
              {dirty && (
                <Tag color="orange" bordered={false} data-testid="alloc-dirty">
                  {t('targets.alloc.unsaved')}
                </Tag>
              )}
              <Button type="primary" icon={<SaveOutlined />} onClick={() => void save()} loading={busy === 'save'} disabled={!dirty && errors.size === 0} data-testid="alloc-save">
                {t('common.save')}
              </Button>
              <Tooltip title={dirty ? t('targets.lock.saveFirst') : !check.balanced ? t('targets.lock.balanceFirst') : undefined}>
                <Button icon={<LockOutlined />} onClick={lock} loading={busy === 'lock'} disabled={dirty || units.length === 0} data-testid="plan-lock">
                  {t('targets.lock.action')}
                </Button>
              </Tooltip>
            </Space>
          </Flex>
        </Card>
      )}
      {units.length > 0 && (
        <Alert
          type={check.balanced ? 'success' : 'warning'}
          showIcon
          data-testid="alloc-check"
          data-balanced={check.balanced}
          message={check.balanced ? t('targets.alloc.balanced') : t('targets.alloc.unbalanced', { count: problems })}
        />
      )}
      <Card size="small" className="closer-alloc-card" title={t('targets.alloc.title')}>
        {units.length === 0 ? (
          <Empty description={editable ? t('targets.alloc.emptyEditable') : t('targets.alloc.empty')} data-testid="alloc-empty" />
        ) : null}
        <Table<GridRow>
          rowKey="key"
          size="small"
          className="closer-alloc-table"
          columns={columns}
          dataSource={tree}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowKeys: expanded,
            onExpand: (open, row) =>
              setCollapsed((previous) => {
                const next = new Set(previous);
                if (open) next.delete(row.key);
                else next.add(row.key);
                return next;
              }),
            indentSize: phone ? 8 : 16,
          }}
          rowClassName={(row) => (row.unit ? `closer-alloc-row closer-alloc-row--${row.unit.kind}` : 'closer-alloc-row closer-alloc-row--company')}
          onRow={(row) => ({ 'data-testid': 'alloc-row', 'data-id': row.key, 'data-kind': row.unit?.kind ?? 'company' }) as HTMLAttributes<HTMLElement>}
          data-testid="alloc-grid"
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card
            size="small"
            title={t('targets.balance.title', { name: chosenName })}
            extra={<Typography.Text type="secondary">{t(`targets.basis.${basis}`)}</Typography.Text>}
            data-testid="balance-chart"
          >
            {bars.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('targets.balance.empty')} />
            ) : (
              <>
                <Chart option={chartOption} height={Math.max(160, bars.length * 44 + 50)} label={t('targets.balance.title', { name: chosenName })} testId="balance-chart-canvas" />
                <Typography.Paragraph type="secondary" className="closer-alloc-meta" style={{ margin: '8px 0 0' }}>
                  {t('targets.balance.hint')}
                </Typography.Paragraph>
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <LastPeriodCard plan={plan} last={lastPeriod} />
        </Col>
      </Row>
    </Flex>
  );
}
