import { App as AntApp, ConfigProvider } from 'antd';
import dayjs from 'dayjs';
// Month and weekday names of the date pickers come from dayjs's locale, not antd's.
import 'dayjs/locale/zh-cn';
// The ES modules: `antd/locale/*` re-exports CommonJS, whose default the production bundle
// hands over as the whole module, so components fell back to English ("No data").
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';

export const THEME = {
  token: {
    colorPrimary: '#1d4ed8',
    borderRadius: 8,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
  },
  components: {
    Layout: { siderBg: '#0f172a', triggerBg: '#1e293b', headerBg: '#ffffff', headerPadding: '0 16px' },
    Menu: { darkItemBg: '#0f172a', darkSubMenuItemBg: '#0b1222' },
  },
};

/** dayjs's global locale for a UI language: the date pickers' month and weekday names (12月, 一 二 三). */
export function setDayjsLanguage(language: Language): void {
  const locale = language === 'zh-CN' ? 'zh-cn' : 'en';
  if (dayjs.locale() !== locale) dayjs.locale(locale);
}

/** Ant Design's theme and locale (zhCN / enUS) — and dayjs's — following the UI language. */
export function AntdRoot({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  // Before the children render, so a picker opened right after a switch already speaks it.
  setDayjsLanguage(language);
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
