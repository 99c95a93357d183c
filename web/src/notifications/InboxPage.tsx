import { Card } from 'antd';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { NotificationList } from './NotificationList';

export function InboxPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('notif.title')} />
      <Card className="closer-page-card">
        <NotificationList />
      </Card>
    </>
  );
}
