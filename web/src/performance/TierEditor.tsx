import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Form, InputNumber, theme, Typography } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { checkTiers, type Factor, type TierValues } from './tiers';

export interface TierEditorProps {
  /** The form list the rows are: `tiers` (completion) or `collections` (the collection ratio). */
  name: 'tiers' | Factor;
  /** The rows before the form has any (the table's defaults). */
  fallback: TierValues[];
  /** The columns' headings. */
  labels: { from: string; to: string; rate: string };
  /** Said when the table is sound. */
  sound: string;
  /** Test ids: `${testId}s` the table, `${testId}` a row, `${testId}-from` … a cell, `${testId}s-ok` sound. */
  testId: string;
}

/**
 * A table of tiers — from %, to % (empty: open-ended), × rate, headed once — with a row added from where the
 * last ends, checked live for gaps, overlaps and open ends (see `checkTiers`). The cells are the
 * form's `name[i].from` / `.to` / `.rate`, so the server's 422 problems of the same names land on
 * them.
 */
export function TierEditor({ name, fallback, labels, sound, testId }: TierEditorProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const form = Form.useFormInstance();
  const tiers: TierValues[] = Form.useWatch(name, form) ?? fallback;
  const problems = checkTiers(tiers);

  return (
    <>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <Flex vertical gap={0} data-testid={`${testId}s`}>
            {/* The headings once, above the rows, bottom-aligned: a long one may wrap on a phone without shifting the cells. */}
            <Flex gap={8} align="flex-end" style={{ marginBottom: 8 }} aria-hidden>
              {([
                [labels.from, true],
                [labels.to, false],
                [labels.rate, true],
              ] as const).map(([label, required]) => (
                <div key={label} style={{ flex: '1 1 0', minWidth: 0, lineHeight: 1.4 }}>
                  {required && <span style={{ color: token.colorError, marginInlineEnd: 4 }}>*</span>}
                  {label}
                </div>
              ))}
              <span style={{ flex: 'none', width: 32 }} />
            </Flex>
            {fields.map((field, index) => {
              const problem = problems.get(index);
              return (
                <div key={field.key} data-testid={testId}>
                  <Flex gap={8} align="flex-start" className="closer-tier-row">
                    <Form.Item
                      name={[field.name, 'from']}
                      rules={[{ required: true, message: t('validation.required', { field: labels.from }) }]}
                      validateStatus={problem === 'gap' || problem === 'overlap' ? 'warning' : undefined}
                      style={{ flex: '1 1 0', minWidth: 0, marginBottom: 8 }}
                    >
                      <InputNumber<string> stringMode min="0" suffix="%" style={{ width: '100%' }} aria-label={`${labels.from} (${index + 1})`} data-testid={`${testId}-from`} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'to']} style={{ flex: '1 1 0', minWidth: 0, marginBottom: 8 }}>
                      <InputNumber<string> stringMode min="0" suffix="%" placeholder="∞" style={{ width: '100%' }} aria-label={`${labels.to} (${index + 1})`} data-testid={`${testId}-to`} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'rate']}
                      rules={[{ required: true, message: t('validation.required', { field: labels.rate }) }]}
                      style={{ flex: '1 1 0', minWidth: 0, marginBottom: 8 }}
                    >
                      <InputNumber<string> stringMode min="0" suffix="×" style={{ width: '100%' }} aria-label={`${labels.rate} (${index + 1})`} data-testid={`${testId}-rate`} />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      disabled={fields.length === 1}
                      aria-label={t('compensation.tier.remove')}
                      style={{ flex: 'none' }}
                      data-testid={`${testId}-remove`}
                    />
                  </Flex>
                  {problem && (
                    <Typography.Text type="warning" className="closer-alloc-meta" data-testid={`${testId}-problem`}>
                      {t(`compensation.tier.problem.${problem}`)}
                    </Typography.Text>
                  )}
                </div>
              );
            })}
            <Button
              icon={<PlusOutlined />}
              type="dashed"
              onClick={() => {
                const last = tiers[tiers.length - 1];
                add({ from: last?.to ?? '', to: null, rate: '' });
              }}
              style={{ alignSelf: 'flex-start', marginTop: 4 }}
              data-testid={`${testId}-add`}
            >
              {t('compensation.tier.add')}
            </Button>
          </Flex>
        )}
      </Form.List>
      {problems.size === 0 && tiers.length > 0 && <Alert type="success" showIcon style={{ marginTop: 12 }} message={sound} data-testid={`${testId}s-ok`} />}
    </>
  );
}
