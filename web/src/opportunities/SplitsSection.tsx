import { DeleteOutlined, PieChartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Divider, Flex, Grid, InputNumber, Modal, Segmented, Select, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import { performanceApi, type SplitBasis, type SplitKind, type Splits } from '../api/performance';
import type { Users } from '../customers/labels';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatPercent } from '../lib/format';
import { fieldPath } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import '../targets/targets.css';
import { checkSplit, leftFor, splitBody, switchBasis, valuesFromSplits, type SplitValues } from '../performance/splits';
import { useCurrency, useMoneyFormat } from '../targets/labels';

/** The splits editor: whole or excess, by ratio or amount, one row per person, the live sum. */
function SplitsEditor({
  opportunityId,
  splits,
  users,
  onClose,
  onSaved,
}: {
  opportunityId: string;
  splits: Splits;
  users: Users;
  onClose: () => void;
  onSaved: (splits: Splits) => void;
}) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const money = useMoneyFormat();
  const currency = useCurrency();
  const phone = Grid.useBreakpoint().md === false;
  const [values, setValues] = useState<SplitValues>(() => valuesFromSplits(splits));
  const [rowErrors, setRowErrors] = useState<Map<number, string>>(new Map());
  const [sumError, setSumError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const check = checkSplit(values, splits.amount);
  const whole = values.kind === 'whole';
  const byRatio = values.basis === 'ratio';
  const people = users.active.filter((u) => !values.rows.some((r) => r.user_id === u.id));
  const shown = (amount: string) => (byRatio ? formatPercent(amount) : money(amount));

  const change = (next: SplitValues) => {
    setValues(next);
    setSumError(null);
  };
  const setRow = (index: number, value: string) => {
    change({ ...values, rows: values.rows.map((r, i) => (i === index ? { ...r, value } : r)) });
    setRowErrors((previous) => {
      const next = new Map(previous);
      next.delete(index);
      return next;
    });
  };
  const removeRow = (index: number) => {
    change({ ...values, rows: values.rows.filter((_, i) => i !== index) });
    setRowErrors(new Map());
  };
  const add = (userId: string) => {
    const user = users.get(userId);
    if (!user) return;
    change({ ...values, rows: [...values.rows, { user_id: user.id, name: user.name, value: leftFor(values, splits.amount) }] });
  };

  const save = async () => {
    setSaving(true);
    try {
      const saved = await performanceApi.putSplits(opportunityId, splitBody(values));
      void message.success(t('splits.saved'));
      onSaved(saved);
    } catch (error) {
      const placed = new Map<number, string>();
      const rest: string[] = [];
      if (error instanceof ApiError) {
        for (const problem of error.problem.errors ?? []) {
          const path = fieldPath(problem.field);
          if (path[0] === 'shares' && typeof path[1] === 'number') placed.set(path[1], problem.message);
          else if (path[0] === 'shares') setSumError(problem.code === 'not_whole' ? t(byRatio ? 'splits.mustBe100' : 'splits.mustBeAmount', { amount: money(splits.amount) }) : problem.message);
          else rest.push(problem.message);
        }
      }
      setRowErrors(placed);
      if (placed.size === 0 && !(error instanceof ApiError && error.status === 422)) void message.error(problemMessage(error, t));
      else if (rest.length > 0) void message.error(rest.join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('splits.edit')}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('common.save')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'splits-save' } as Record<string, string>}
      width={phone ? undefined : 600}
      destroyOnHidden
      data-testid="splits-dialog"
    >
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          {t('splits.dealAmount', { amount: money(splits.amount), rate: formatPercent(splits.win_rate) })}
        </Typography.Text>
        <Segmented<SplitKind>
          block
          value={values.kind}
          onChange={(kind) => change({ ...values, kind })}
          options={[
            { value: 'whole', label: <span data-testid="splits-kind-whole">{t('splits.kind.whole')}</span> },
            { value: 'excess', label: <span data-testid="splits-kind-excess">{t('splits.kind.excess')}</span> },
          ]}
        />
        <Typography.Text type="secondary" className="closer-splits-hint">
          {t(whole ? 'splits.kindHint.whole' : 'splits.kindHint.excess')}
        </Typography.Text>
        <Segmented<SplitBasis>
          block
          value={values.basis}
          onChange={(basis) => change(switchBasis(values, basis, splits.amount))}
          options={[
            { value: 'ratio', label: <span data-testid="splits-basis-ratio">{t('splits.basis.ratio')}</span> },
            { value: 'amount', label: <span data-testid="splits-basis-amount">{t('splits.basis.amount')}</span> },
          ]}
        />
        <Flex vertical gap={8}>
          {values.rows.map((row, index) => (
            <div key={row.user_id} className="closer-splits-row" data-testid="splits-row" data-user={row.user_id}>
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong ellipsis className="closer-splits-row__name">
                  {row.name}
                </Typography.Text>
                <InputNumber<string>
                  stringMode
                  min="0"
                  max={byRatio && whole ? '100' : undefined}
                  precision={byRatio ? undefined : 2}
                  value={row.value}
                  onChange={(value) => setRow(index, value ?? '')}
                  suffix={byRatio ? '%' : undefined}
                  prefix={byRatio ? undefined : currencySymbol(currency, language)}
                  status={rowErrors.has(index) || (check.badRows.includes(index) && row.value !== '') ? 'error' : undefined}
                  style={{ flex: '1 1 120px', minWidth: 110 }}
                  aria-label={t('splits.shareOf', { name: row.name })}
                  data-testid={byRatio ? 'splits-ratio' : 'splits-amount'}
                />
                <Typography.Text type="secondary" className="closer-splits-row__counterpart closer-num" data-testid="splits-counterpart">
                  {check.counterparts[index] === null ? '—' : byRatio ? money(check.counterparts[index]) : formatPercent(check.counterparts[index] ?? '')}
                </Typography.Text>
                <Button type="text" icon={<DeleteOutlined />} onClick={() => removeRow(index)} aria-label={t('splits.remove', { name: row.name })} data-testid="splits-remove" />
              </Flex>
              {rowErrors.get(index) && (
                <Typography.Text type="danger" className="closer-alloc-meta" data-testid="splits-row-error">
                  {rowErrors.get(index)}
                </Typography.Text>
              )}
            </div>
          ))}
          <Select<string>
            showSearch
            value={null as unknown as string}
            placeholder={t('splits.addPerson')}
            optionFilterProp="label"
            onChange={add}
            options={people.map((u) => ({ value: u.id, label: u.name }))}
            data-testid="splits-add"
          />
        </Flex>
        <Alert
          type={whole ? (check.ok ? 'success' : 'warning') : 'info'}
          showIcon
          data-testid="splits-sum"
          data-ok={check.ok}
          message={t('splits.sum', { sum: shown(check.sum) })}
          description={
            sumError ??
            (whole
              ? check.ok
                ? t('splits.whole')
                : t(byRatio ? 'splits.mustBe100' : 'splits.mustBeAmount', { amount: money(splits.amount) })
              : t('splits.excessNote'))
          }
        />
      </Flex>
    </Modal>
  );
}

/**
 * The deal's credit split on its team card: who is credited with what share, and what that
 * comes to — expected (amount × win rate × share) and won — with the editor for those who
 * may change the deal.
 */
export function SplitsSection({ opportunityId, users, editable, revision }: { opportunityId: string; users: Users; editable: boolean; revision?: number }) {
  const { t } = useI18n();
  const money = useMoneyFormat();
  const load = useCallback(() => {
    void revision;
    return performanceApi.splits(opportunityId);
  }, [opportunityId, revision]);
  const splits = useLoader(load);
  const [editing, setEditing] = useState(false);
  const data = splits.data;
  if (!data) return null;
  const byRatio = data.basis === 'ratio';

  return (
    <div data-testid="splits" data-kind={data.kind} data-basis={data.basis}>
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 4 }}>
        <Typography.Text strong>
          <PieChartOutlined /> {t('splits.title')}{' '}
          <Tag bordered={false} color={data.kind === 'whole' ? 'blue' : 'purple'} data-testid="splits-kind">
            {t(`splits.kind.${data.kind}`)}
          </Tag>
        </Typography.Text>
        {editable && (
          <Button size="small" onClick={() => setEditing(true)} data-testid="splits-edit">
            {t('splits.editShort')}
          </Button>
        )}
      </Flex>
      <div className="closer-splits-table-wrap">
        <table className="closer-splits-table" data-testid="splits-table">
          <thead>
            <tr>
              <th>{t('splits.person')}</th>
              <th>{t('splits.share')}</th>
              <th>{t('splits.creditedExpected')}</th>
              <th>{t('splits.creditedWon')}</th>
            </tr>
          </thead>
          <tbody>
            {data.shares.map((share) => (
              <tr key={share.user_id} data-testid="splits-share" data-user={share.user_id}>
                <td className={share.active ? undefined : 'is-inactive'}>{share.name}</td>
                <td className="closer-num" data-testid="splits-share-value">
                  {byRatio ? formatPercent(share.ratio ?? '0') : money(share.amount)}
                </td>
                <td className="closer-num" data-testid="splits-expected">
                  {money(share.credited_expected)}
                </td>
                <td className="closer-num" data-testid="splits-won">
                  {money(share.credited_won)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing && (
        <SplitsEditor
          opportunityId={opportunityId}
          splits={data}
          users={users}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            splits.setData(() => saved);
            setEditing(false);
          }}
        />
      )}
    </div>
  );
}
