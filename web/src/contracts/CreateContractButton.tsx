import { AuditOutlined } from '@ant-design/icons';
import { App, Button, type ButtonProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { contractsApi } from '../api/contracts';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { useContractErrorReporter } from './problems';

/**
 * "Create contract" from a won opportunity or one of its quotes (its lines copied): the draft
 * is made at once and opened, to be completed and submitted there. Nothing for a user who
 * may not write contracts.
 */
export function CreateContractButton({
  opportunityId,
  quoteId,
  testId = 'contract-create',
  ...button
}: { opportunityId?: string; quoteId?: string; testId?: string } & Omit<ButtonProps, 'onClick'>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const navigate = useNavigate();
  const report = useContractErrorReporter();
  const [busy, setBusy] = useState(false);
  if (!can('contracts.write')) return null;

  const create = async () => {
    setBusy(true);
    try {
      const contract = await contractsApi.create(quoteId ? { quote_id: quoteId } : { opportunity_id: opportunityId });
      void message.success(t('contracts.create.done', { number: contract.number }));
      navigate(`/contracts/${contract.id}`);
    } catch (caught) {
      report(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<AuditOutlined />} loading={busy} onClick={() => void create()} data-testid={testId} {...button}>
      {t('contracts.create.action')}
    </Button>
  );
}
