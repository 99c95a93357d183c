import { App, Flex, Form, Input, InputNumber } from 'antd';
import { contractsApi } from '../api/contracts';
import type { Contract } from '../api/types';
import { CreateDrawer } from '../components/CreateDrawer';
import { useI18n } from '../i18n/useI18n';
import { amendmentBody, editBody, valuesFromContract, type ContractValues } from './contractForm';
import { ContractLinesField } from './ContractLinesField';
import { useContractErrorReporter } from './problems';

/**
 * Edits a draft in place, or amends an active contract (a new revision, with its reason):
 * name, amount or lines, signing date, term and terms. Only what changed is sent.
 */
export function ContractFormDrawer({
  contract,
  mode,
  onClose,
  onSaved,
  onStale,
}: {
  contract: Contract;
  mode: 'edit' | 'amend';
  onClose: () => void;
  onSaved: (contract: Contract) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useContractErrorReporter();
  const [form] = Form.useForm<ContractValues>();
  const currency = contract.amount.currency;
  const withLines = contract.lines.length > 0;

  const save = async (values: ContractValues) => {
    if (mode === 'edit') {
      const saved = await contractsApi.update(contract.id, editBody(values, contract), contract.version);
      void message.success(t('contracts.saved'));
      onSaved(saved);
    } else {
      const amended = await contractsApi.amend(contract.id, amendmentBody(values, contract), contract.version);
      void message.success(t('contracts.amend.done', { n: amended.revision.revision }));
      onSaved(amended.contract);
    }
  };

  return (
    <CreateDrawer<ContractValues>
      title={mode === 'edit' ? t('contracts.edit.title', { number: contract.number }) : t('contracts.amend.title', { number: contract.number })}
      width={640}
      testId="contract-form"
      form={form}
      onSave={save}
      report={(error, options) => report(error, { ...options, onStale })}
      onClose={onClose}
      submitText={mode === 'edit' ? t('common.save') : t('contracts.amend.submit')}
      submitTestId="contract-form-submit"
      initialValues={valuesFromContract(contract)}
    >
      {mode === 'amend' && (
        <Form.Item
          name="reason"
          label={t('contracts.amend.reason')}
          extra={t('contracts.amend.hint')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('contracts.amend.reason') }) }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="contract-form-reason" />
        </Form.Item>
      )}
      <Form.Item name="name" label={t('contracts.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('contracts.field.name') }) }]}>
        <Input maxLength={200} data-testid="contract-form-name" />
      </Form.Item>
      {withLines ? (
        <ContractLinesField form={form} currency={currency} />
      ) : (
        <Form.Item name="amount" label={t('contracts.field.amount')} rules={[{ required: true, message: t('validation.required', { field: t('contracts.field.amount') }) }]}>
          <InputNumber stringMode min="0" precision={2} prefix={currency} style={{ width: '100%' }} data-testid="contract-form-amount" />
        </Form.Item>
      )}
      <Flex gap={8} wrap style={{ marginTop: withLines ? 16 : 0 }}>
        <Form.Item name="signed_on" label={t('contracts.field.signed_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" data-testid="contract-form-signed" />
        </Form.Item>
        <Form.Item name="starts_on" label={t('contracts.field.starts_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="ends_on" label={t('contracts.field.ends_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" />
        </Form.Item>
      </Flex>
      <Form.Item name="terms" label={t('contracts.field.terms')}>
        <Input.TextArea rows={3} maxLength={20000} />
      </Form.Item>
    </CreateDrawer>
  );
}
