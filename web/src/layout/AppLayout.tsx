import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Space } from 'antd';
import { useState } from 'react';
import { Outlet } from 'react-router-dom';
import { api } from '../api/client';
import { PendingApprovalsProvider } from '../approvals/PendingApprovalsProvider';
import { useSession } from '../auth/session';
import { Brand } from '../components/Brand';
import { LanguageSwitch } from '../components/LanguageSwitch';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { useErrorReporter } from '../lib/useErrorReporter';
import { NotificationBell } from '../notifications/NotificationBell';
import { UnreadProvider } from '../notifications/UnreadProvider';
import { SideMenu } from './SideMenu';
import { UserMenu } from './UserMenu';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t } = useI18n();
  const { replaceUser } = useSession();
  const report = useErrorReporter();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const saveLanguage = async (language: Language) => {
    try {
      replaceUser(await api.updateMe({ language }));
    } catch (caught) {
      report(caught);
    }
  };

  return (
    <UnreadProvider>
      <PendingApprovalsProvider>
        <Layout className="closer-shell">
          {!phone && (
            <Sider
              width={224}
              collapsible
              collapsed={collapsed}
              onCollapse={setCollapsed}
              breakpoint="lg"
              className="closer-sider"
            >
              <div className="closer-sider__brand">
                <Brand inverted showName={!collapsed} />
              </div>
              <SideMenu />
            </Sider>
          )}
          <Layout>
            <Header className="closer-header">
              <Space size={4} align="center">
                {phone && (
                  <Button
                    type="text"
                    icon={<MenuOutlined />}
                    aria-label={t('header.openMenu')}
                    onClick={() => setDrawerOpen(true)}
                    data-testid="nav-toggle"
                  />
                )}
                {phone && <Brand />}
              </Space>
              <Space size={phone ? 0 : 8} align="center">
                <NotificationBell />
                <LanguageSwitch compact={phone} onChange={saveLanguage} />
                <UserMenu compact={phone} />
              </Space>
            </Header>
            <Content className="closer-content">
              <Outlet />
            </Content>
          </Layout>
        </Layout>
        {phone && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            width={272}
            title={<Brand />}
            styles={{ body: { padding: 0 } }}
            data-testid="nav-drawer"
          >
            <SideMenu theme="light" onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
      </PendingApprovalsProvider>
    </UnreadProvider>
  );
}
