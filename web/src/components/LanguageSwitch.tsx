import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { LANGUAGES } from '../i18n/messages';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';

interface Props {
  /** Called after the language changed, e.g. to save it on the user. */
  onChange?: (language: Language) => void;
  compact?: boolean;
}

export function LanguageSwitch({ onChange, compact }: Props) {
  const { language, setLanguage, t } = useI18n();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [language],
        items: LANGUAGES.map((lang) => ({
          key: lang,
          label: <span data-testid={`lang-option-${lang}`}>{t(`lang.${lang}`)}</span>,
        })),
        onClick: ({ key }) => {
          const next = key as Language;
          if (next === language) return;
          setLanguage(next);
          onChange?.(next);
        },
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('lang.label')}
        data-testid="lang-switch"
      >
        {compact ? null : t(`lang.${language}`)}
      </Button>
    </Dropdown>
  );
}
