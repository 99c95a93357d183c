import { Button, Result } from 'antd';
import { useI18n } from '../i18n/useI18n';
import { isForbidden, problemMessage } from '../lib/problem';

/** A page-level failure: "no access" for 403, otherwise the reason and a retry. */
export function LoadError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (isForbidden(error)) {
    return <Result status="403" title={t('error.noAccessTitle')} subTitle={t('error.noAccess')} />;
  }
  return (
    <Result
      status="warning"
      title={t('error.loadFailed')}
      subTitle={problemMessage(error, t)}
      extra={
        onRetry && (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
    />
  );
}
