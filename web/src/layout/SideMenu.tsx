import { Badge, Menu, type MenuProps } from 'antd';
import { useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { NAV, navEntryFor, parentKeyOf, visibleNav, type NavEntry } from '../app/areas';
import { usePendingApprovals } from '../approvals/pending';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/useI18n';

type Item = Required<MenuProps>['items'][number];

export function SideMenu({ onNavigate, theme = 'dark' }: { onNavigate?: () => void; theme?: 'dark' | 'light' }) {
  const { t } = useI18n();
  const { can } = useSession();
  const pending = usePendingApprovals();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = navEntryFor(pathname)?.key;
  const parent = selected ? parentKeyOf(selected) : undefined;
  const [openKeys, setOpenKeys] = useState<string[]>(() => (parent ? [parent] : ['org']));
  const visibleOpenKeys = parent && !openKeys.includes(parent) ? [...openKeys, parent] : openKeys;

  const toItem = (entry: NavEntry): Item => {
    if (entry.children) {
      return {
        key: entry.key,
        icon: entry.icon,
        label: t(entry.label),
        children: entry.children.map(toItem),
      };
    }
    if (entry.external) {
      return {
        key: entry.key,
        icon: entry.icon,
        label: (
          <a href={entry.path} target="_blank" rel="noopener noreferrer" data-testid={`nav-${entry.key}`}>
            {t(entry.label)}
          </a>
        ),
      };
    }
    const count = entry.badge === 'approvals' ? pending.count : 0;
    return {
      key: entry.key,
      icon: entry.icon,
      label: (
        <span data-testid={`nav-${entry.key}`} className="closer-nav-label">
          {t(entry.label)}
          {count > 0 && <Badge count={count} size="small" className="closer-nav-badge" data-testid={`nav-${entry.key}-badge`} />}
        </span>
      ),
    };
  };

  const byKey = new Map<string, NavEntry>();
  const index = (entries: NavEntry[]) =>
    entries.forEach((entry) => {
      byKey.set(entry.key, entry);
      index(entry.children ?? []);
    });
  index(NAV);

  return (
    <Menu
      mode="inline"
      theme={theme}
      selectedKeys={selected ? [selected] : []}
      openKeys={visibleOpenKeys}
      onOpenChange={setOpenKeys}
      items={visibleNav(can).map(toItem)}
      onClick={({ key }) => {
        const entry = byKey.get(key);
        if (!entry?.path || entry.external) return;
        navigate(entry.path);
        onNavigate?.();
      }}
      data-testid="side-menu"
    />
  );
}
