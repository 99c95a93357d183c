import { Button, Result } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';

/** What a route says to a role that may not use it (instead of a page of 403 errors). */
export function NoAccessPage({ id }: { id: string }) {
  const { t, tx } = useI18n();
  const { user } = useSession();
  return (
    <div data-testid="no-access">
      <div data-testid={`${id}-no-access`}>
        <Result
          status="403"
          title={t('noAccess.title')}
          subTitle={t('noAccess.description', { role: tx(`role.${user.role_key}`, user.role_key) })}
          extra={
            <Link to="/">
              <Button type="primary">{t('area.backHome')}</Button>
            </Link>
          }
        />
      </div>
    </div>
  );
}
