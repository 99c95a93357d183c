import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Typography } from 'antd';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';

export function UserMenu({ compact }: { compact?: boolean }) {
  const { t, tx } = useI18n();
  const { user, signOut } = useSession();
  const initial = (user.name || user.email).trim().charAt(0).toUpperCase();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'me',
            disabled: true,
            label: (
              <div className="closer-user-menu__me">
                <Typography.Text strong>{user.name}</Typography.Text>
                <br />
                <Typography.Text type="secondary">{t('header.signedInAs', { email: user.email })}</Typography.Text>
                <br />
                <Typography.Text type="secondary">
                  {tx(`role.${user.role_key}`, user.role_key)} · {user.tenant.name}
                </Typography.Text>
              </div>
            ),
          },
          { type: 'divider' },
          {
            key: 'signout',
            icon: <LogoutOutlined />,
            label: <span data-testid="signout">{t('header.signOut')}</span>,
            onClick: () => void signOut(),
          },
        ],
      }}
    >
      <Button type="text" className="closer-user-button" data-testid="user-menu">
        <Avatar size="small" style={{ background: '#1d4ed8' }} icon={initial ? undefined : <UserOutlined />}>
          {initial}
        </Avatar>
        {!compact && <span className="closer-user-button__name">{user.name}</span>}
      </Button>
    </Dropdown>
  );
}
