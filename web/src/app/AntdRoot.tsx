import { App as AntApp, ConfigProvider } from 'antd';
// The ES modules: `antd/locale/*` re-exports CommonJS, whose default the production bundle
// hands over as the whole module, so components fell back to English ("No data").
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactNode } from 'react';
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

/** Ant Design's theme and locale (zhCN / enUS) following the UI language. */
export function AntdRoot({ children }: { children: ReactNode }) {
  const { language } = useI18n();
  return (
    <ConfigProvider locale={language === 'zh-CN' ? zhCN : enUS} theme={THEME}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
