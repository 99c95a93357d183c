import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Segmented, Typography } from 'antd';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { currencySymbol, formatMoney, formatPercent } from '../lib/format';
import { toFen } from '../lib/money';
import { checkPlan, planBody, switchMode, valuesFromPlan, type PlanMode, type PlanValues } from './plan';
import type { PlanTarget } from './planTarget';
import { usePlanErrorReporter } from './problems';

/**
 * Sets or changes a payment plan — of a contract as a whole or of one of its orders, as the
 * target says (and saves): installments by ratio or by amount, each with its due date, and a
 * live check that they add up to exactly 100 % or the amount planned.
 */
export function PlanDrawer({ target, onClose, onSaved }: { target: PlanTarget; onClose: () => void; onSaved: () => void }) {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const report = usePlanErrorReporter();
  const [form] = Form.useForm<PlanValues>();
  const total = target.total;
  const currency = total.currency;
  const plan = { receivables: target.receivables };
  const watched = Form.useWatch((values: PlanValues) => values, form);
  const mode: PlanMode = watched?.mode ?? valuesFromPlan(plan).mode;
  const check = checkPlan({ mode, installments: watched?.installments ?? [] }, total);
  const hasPlan = target.receivables.length > 0;
  const over = check.left.startsWith('-');
  const order = target.kind === 'order';

  const save = async (values: PlanValues) => {
    await target.save(planBody(values, currency));
    void message.success(t('cash.plan.saved'));
    onSaved();
  };

  const changeMode = (next: PlanMode) => {
    const current = form.getFieldsValue(true) as PlanValues;
    form.setFieldsValue(switchMode({ mode: current.mode, installments: current.installments ?? [] }, next, total));
  };

  /** A new row offers what is left to plan. */
  const nextRow = () => {
    const rest = over || /^0(\.0+)?$/.test(check.left) ? '' : check.left;
    return mode === 'ratio' ? { due_on: '', ratio: rest } : { due_on: '', amount: rest };
  };

  const sumText =
    mode === 'ratio'
      ? t('cash.plan.sumRatio', { sum: formatPercent(check.sum), target: formatPercent(check.target) })
      : t('cash.plan.sumAmount', { sum: formatMoney({ amount: check.sum, currency }, language), target: formatMoney(total, language) });
  const leftText =
    mode === 'ratio'
      ? formatPercent(check.left.replace(/^-/, ''))
      : formatMoney({ amount: check.left.replace(/^-/, ''), currency }, language);

  return (
    <CreateDrawer<PlanValues>
      title={hasPlan ? t('cash.plan.editTitle', { number: target.name }) : t('cash.plan.setTitle', { number: target.name })}
      width={640}
      testId="plan-drawer"
      form={form}
      onSave={save}
      report={report}
      onClose={onClose}
      submitText={t('common.save')}
      submitTestId="plan-save"
      initialValues={valuesFromPlan(plan)}
    >
      <Form.Item name="mode" hidden>
        <Input />
      </Form.Item>
      <Flex vertical gap={12}>
        <Typography.Text type="secondary" data-testid="plan-total">
          {t(order ? 'cash.plan.orderAmount' : 'cash.plan.contractAmount', { amount: formatMoney(total, language) })}
        </Typography.Text>
        {target.unplanned && toFen(target.unplanned.amount) > 0n && (
          <Typography.Text type="secondary" data-testid="plan-unplanned">
            {t('cash.plan.orderUnplanned', { amount: formatMoney(target.unplanned, language) })}
          </Typography.Text>
        )}
        <Segmented<PlanMode>
          block
          value={mode}
          onChange={changeMode}
          options={[
            { value: 'ratio', label: <span data-testid="plan-mode-ratio">{t('cash.plan.byRatio')}</span> },
            { value: 'amount', label: <span data-testid="plan-mode-amount">{t('cash.plan.byAmount')}</span> },
          ]}
        />
        {hasPlan && <Alert type="info" showIcon message={t('cash.plan.keepsIds')} />}
        <Form.List
          name="installments"
          rules={[
            {
              validator: async (_, rows: PlanValues['installments'] | undefined) => {
                const now = checkPlan({ mode: form.getFieldValue('mode') as PlanMode, installments: rows ?? [] }, total);
                if (!rows || rows.length === 0) throw new Error(t('cash.plan.needOne'));
                if (!now.whole && now.badRows.length === 0) throw new Error(t(form.getFieldValue('mode') === 'ratio' ? 'cash.plan.notWholeRatio' : order ? 'cash.plan.notWholeOrderAmount' : 'cash.plan.notWholeAmount'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Flex vertical gap={4}>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} wrap align="flex-start" className="closer-plan-row" data-testid="plan-row">
                  <Typography.Text strong className="closer-plan-row__n">
                    {index + 1}
                  </Typography.Text>
                  <Form.Item
                    name={[field.name, 'due_on']}
                    label={index === 0 ? t('cash.field.due_on') : undefined}
                    rules={[{ required: true, message: t('validation.required', { field: t('cash.field.due_on') }) }]}
                    style={{ flex: '1 1 150px', marginBottom: 8 }}
                  >
                    <Input type="date" data-testid="plan-due" />
                  </Form.Item>
                  {mode === 'ratio' ? (
                    <Form.Item
                      name={[field.name, 'ratio']}
                      label={index === 0 ? t('cash.field.ratio') : undefined}
                      rules={[{ required: true, message: t('validation.required', { field: t('cash.field.ratio') }) }]}
                      style={{ flex: '1 1 110px', marginBottom: 8 }}
                    >
                      <InputNumber stringMode min="0" max="100" suffix="%" style={{ width: '100%' }} data-testid="plan-ratio" />
                    </Form.Item>
                  ) : (
                    <Form.Item
                      name={[field.name, 'amount']}
                      label={index === 0 ? t('cash.field.amount') : undefined}
                      rules={[{ required: true, message: t('validation.required', { field: t('cash.field.amount') }) }]}
                      style={{ flex: '1 1 160px', marginBottom: 8 }}
                    >
                      <InputNumber stringMode min="0" precision={2} prefix={currencySymbol(currency, language)} style={{ width: '100%' }} data-testid="plan-amount" />
                    </Form.Item>
                  )}
                  <Flex align="center" gap={4} className="closer-plan-row__end" style={{ marginTop: index === 0 ? 30 : 0 }}>
                    {mode === 'ratio' && (
                      <Typography.Text type="secondary" className="closer-plan-row__preview" data-testid="plan-row-amount">
                        {check.amounts[index] ? formatMoney(check.amounts[index], language) : t('common.none')}
                      </Typography.Text>
                    )}
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                      aria-label={t('cash.plan.removeRow', { n: index + 1 })}
                      data-testid="plan-remove"
                    />
                  </Flex>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add(nextRow())} style={{ alignSelf: 'flex-start' }} data-testid="plan-add">
                {t('cash.plan.addRow')}
              </Button>
              <Form.ErrorList errors={errors} />
            </Flex>
          )}
        </Form.List>
        <Alert
          type={check.whole ? 'success' : 'warning'}
          showIcon
          data-testid="plan-check"
          data-whole={check.whole}
          message={sumText}
          description={check.whole ? t('cash.plan.whole') : over ? t('cash.plan.over', { left: leftText }) : t('cash.plan.left', { left: leftText })}
        />
      </Flex>
    </CreateDrawer>
  );
}
