import { App, Flex, Form, Input, InputNumber } from 'antd';
import { useNavigate } from 'react-router-dom';
import { contractsApi } from '../api/contracts';
import type { ContractInput } from '../api/types';
import { useSession } from '../auth/session';
import { CreateDrawer } from '../components/CreateDrawer';
import { CustomerPicker } from '../components/CustomerPicker';
import { useI18n } from '../i18n/useI18n';
import { toMoneyAmount } from '../lib/money';
import { useContractErrorReporter } from './problems';

interface Values {
  customer_id?: string;
  name?: string;
  amount?: string | number | null;
  signed_on?: string;
  starts_on?: string;
  ends_on?: string;
}

/** The body of POST /contracts for a contract on its own (not from a deal): empty dates left out. */
export function newContractBody(values: Values, currency: string): ContractInput {
  const typed = values.amount === null || values.amount === undefined ? '' : String(values.amount);
  const body: ContractInput = {
    customer_id: values.customer_id ?? '',
    name: values.name?.trim() ?? '',
    amount: { amount: toMoneyAmount(typed) ?? typed.trim(), currency },
  };
  for (const field of ['signed_on', 'starts_on', 'ends_on'] as const) {
    if (values[field]) body[field] = values[field];
  }
  return body;
}

/** "New contract" for a customer, without a deal: name, amount, signing date and term. Opens the draft once made. */
export function ContractCreateDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const navigate = useNavigate();
  const report = useContractErrorReporter();
  const [form] = Form.useForm<Values>();
  const currency = user.tenant.currency ?? 'CNY';

  const save = async (values: Values) => {
    const created = await contractsApi.create(newContractBody(values, currency));
    void message.success(t('contracts.create.done', { number: created.number }));
    onClose();
    navigate(`/contracts/${created.id}`);
  };

  return (
    <CreateDrawer<Values>
      open={open}
      title={t('contracts.create.title')}
      width={520}
      testId="contract-create-drawer"
      form={form}
      onSave={save}
      report={report}
      onClose={onClose}
      submitTestId="contract-create-submit"
    >
      <Form.Item name="customer_id" label={t('contracts.field.customer')} rules={[{ required: true, message: t('validation.select', { field: t('contracts.field.customer') }) }]}>
        <CustomerPicker data-testid="contract-create-customer" />
      </Form.Item>
      <Form.Item name="name" label={t('contracts.field.name')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('contracts.field.name') }) }]}>
        <Input maxLength={200} data-testid="contract-create-name" />
      </Form.Item>
      <Form.Item name="amount" label={t('contracts.field.amount')} rules={[{ required: true, message: t('validation.required', { field: t('contracts.field.amount') }) }]}>
        <InputNumber stringMode min="0" precision={2} prefix={currency} style={{ width: '100%' }} data-testid="contract-create-amount" />
      </Form.Item>
      <Form.Item name="signed_on" label={t('contracts.field.signed_on')}>
        <Input type="date" />
      </Form.Item>
      <Flex gap={8} wrap>
        <Form.Item name="starts_on" label={t('contracts.field.starts_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="ends_on" label={t('contracts.field.ends_on')} style={{ flex: '1 1 150px' }}>
          <Input type="date" />
        </Form.Item>
      </Flex>
    </CreateDrawer>
  );
}
