import { Card, Skeleton, Tabs } from 'antd';
import { useCallback } from 'react';
import { cashApi } from '../../api/cash';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { useLoader } from '../../lib/useLoader';
import { CashRulesForm } from './CashRulesForm';
import { EmailSettingsForm } from './EmailSettingsForm';

/** Cash rules (write-off tolerance, reminder days) and the mail server reminders go out through. */
export function CashSettingsPage() {
  const { t } = useI18n();
  const load = useCallback(() => Promise.all([cashApi.settings(), cashApi.emailSettings()]), []);
  const settings = useLoader(load);

  if (settings.error && !settings.data) return <LoadError error={settings.error} onRetry={settings.reload} />;
  const data = settings.data;

  return (
    <div data-testid="cash-settings-page">
      <PageHeader title={t('cash.settings.title')} subtitle={t('cash.settings.subtitle')} />
      <Card className="closer-page-card">
        {!data ? (
          <Skeleton active />
        ) : (
          <Tabs
            items={[
              {
                key: 'cash',
                label: <span data-testid="cash-settings-tab-cash">{t('cash.settings.tab.cash')}</span>,
                children: <CashRulesForm settings={data[0]} onSaved={(next) => settings.setData((d) => [next, d?.[1] ?? data[1]])} />,
              },
              {
                key: 'email',
                label: <span data-testid="cash-settings-tab-email">{t('cash.settings.tab.email')}</span>,
                children: <EmailSettingsForm settings={data[1]} onSaved={(next) => settings.setData((d) => [d?.[0] ?? data[0], next])} />,
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
