import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Grid } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/useI18n';
import { NotificationList } from './NotificationList';
import { useUnread } from './unread';

export function NotificationBell() {
  const { t } = useI18n();
  const { count, refresh } = useUnread();
  const [open, setOpen] = useState(false);
  const screens = Grid.useBreakpoint();
  const phone = screens.sm === false;

  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]} data-testid="notif-badge">
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18 }} />}
          aria-label={`${t('notif.title')}${count ? ` (${t('notif.unreadCount', { count })})` : ''}`}
          onClick={() => {
            refresh();
            setOpen(true);
          }}
          data-testid="notif-bell"
        />
      </Badge>
      <Drawer
        title={t('notif.title')}
        open={open}
        onClose={() => setOpen(false)}
        width={phone ? '100%' : 420}
        destroyOnHidden
        extra={
          <Link to="/notifications" onClick={() => setOpen(false)}>
            {t('notif.viewAll')}
          </Link>
        }
      >
        {open && <NotificationList onNavigate={() => setOpen(false)} />}
      </Drawer>
    </>
  );
}
