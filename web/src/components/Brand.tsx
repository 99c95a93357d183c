import { useI18n } from '../i18n/useI18n';

export function Brand({ inverted, showName = true }: { inverted?: boolean; showName?: boolean }) {
  const { t } = useI18n();
  return (
    <span className={`closer-brand${inverted ? ' closer-brand--inverted' : ''}`}>
      <img src="/favicon.svg" alt="" width={28} height={28} />
      {showName && <span className="closer-brand__name">{t('app.name')}</span>}
    </span>
  );
}
