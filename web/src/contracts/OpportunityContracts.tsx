import { FileDoneOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { contractsApi } from '../api/contracts';
import type { Contract } from '../api/types';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { CreateContractButton } from './CreateContractButton';

/**
 * On a won opportunity: "Create contract", and the way to the contracts already made from it
 * (the one itself when there is just one).
 */
export function OpportunityContracts({ opportunityId }: { opportunityId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const readable = can('contracts.read');
  const load = useCallback(
    () => (readable ? contractsApi.list({ opportunity_id: opportunityId }, { limit: 20 }).then((page) => page.items) : Promise.resolve([] as Contract[])),
    [opportunityId, readable],
  );
  const contracts = useLoader(load).data ?? [];
  const only = contracts.length === 1 ? contracts[0] : undefined;

  return (
    <>
      {contracts.length > 0 && (
        <Link to={only ? `/contracts/${only.id}` : `/contracts?opportunity_id=${opportunityId}`} data-testid="opp-contracts">
          <Button icon={<FileDoneOutlined />}>{only ? only.number : t('contracts.ofOpportunity', { count: contracts.length })}</Button>
        </Link>
      )}
      <CreateContractButton opportunityId={opportunityId} type={contracts.length === 0 ? 'primary' : 'default'} />
    </>
  );
}
