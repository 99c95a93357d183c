import { Card, Skeleton, Tabs } from 'antd';
import { useCallback } from 'react';
import { leadsApi } from '../../api/leads';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { useLoader } from '../../lib/useLoader';
import { useLeadLookups } from '../lookups';
import { AssignmentRules } from './AssignmentRules';
import { Campaigns } from './Campaigns';
import { DedupeRulesGrid } from './DedupeRulesGrid';
import { PoolRulesForm } from './PoolRulesForm';
import { WebForms } from './WebForms';

/** Pool rules, duplicate rules, routing rules, campaigns and web forms in one place. */
export function LeadSettingsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const admin = can('settings.manage');
  const marketing = can('campaigns.manage');
  const lookups = useLeadLookups();
  const load = useCallback(() => leadsApi.settings(), []);
  const settings = useLoader(load);

  if (settings.error && !settings.data) return <LoadError error={settings.error} onRetry={settings.reload} />;

  const data = settings.data;
  const saved = (next: NonNullable<typeof data>) => settings.setData(() => next);

  return (
    <div data-testid="lead-settings-page">
      <PageHeader title={t('leadSettings.title')} subtitle={t('leadSettings.subtitle')} />
      <Card className="closer-page-card">
        {!data ? (
          <Skeleton active />
        ) : (
          <Tabs
            destroyOnHidden
            items={[
              {
                key: 'pool',
                label: t('leadSettings.tab.pool'),
                children: <PoolRulesForm settings={data} editable={admin} onSaved={saved} />,
              },
              {
                key: 'dedupe',
                label: t('leadSettings.tab.dedupe'),
                children: <DedupeRulesGrid settings={data} editable={admin} onSaved={saved} />,
              },
              {
                key: 'rules',
                label: t('leadSettings.tab.rules'),
                children: <AssignmentRules lookups={lookups} editable={admin} />,
              },
              {
                key: 'campaigns',
                label: t('leadSettings.tab.campaigns'),
                children: <Campaigns lookups={lookups} editable={marketing || admin} />,
              },
              // Web forms are a settings administrator's (the server asks for settings.manage).
              ...(admin
                ? [{ key: 'forms', label: t('leadSettings.tab.forms'), children: <WebForms lookups={lookups} editable /> }]
                : []),
            ]}
          />
        )}
      </Card>
    </div>
  );
}
