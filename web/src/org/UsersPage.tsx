import { EditOutlined, HistoryOutlined, KeyOutlined, MoreOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Flex, Grid, Input, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { Department, Page, Role, User } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import { departmentPath } from './departmentTree';
import { HistoryDrawer, type HistoryTarget } from './HistoryDrawer';
import { ResetPasswordModal } from './ResetPasswordModal';
import { useOrgResolver } from './resolver';
import { UserFormModal, type UserFormTarget } from './UserFormModal';

const PAGE_SIZE = 50;

export function UsersPage() {
  const { t, tx, language } = useI18n();
  const { message, modal } = App.useApp();
  const report = useErrorReporter();
  const { can, user: me, replaceUser } = useSession();
  const canManage = can('users.manage');
  const phone = Grid.useBreakpoint().md === false;

  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const loadFirst = useCallback(() => api.users({ q: query, limit: PAGE_SIZE }), [query]);
  const first = useLoader(loadFirst);
  const [more, setMore] = useState<{ query: string; page: Page<User> } | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  const loadRoles = useCallback(() => api.roles().catch(() => [] as Role[]), []);
  const roles = useLoader(loadRoles);
  const loadDepartments = useCallback(() => api.departments().catch(() => [] as Department[]), []);
  const departments = useLoader(loadDepartments);

  const [formTarget, setFormTarget] = useState<UserFormTarget | null>(null);
  const [resetFor, setResetFor] = useState<User | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);

  const roleList = useMemo(() => roles.data ?? [], [roles.data]);
  const departmentList = useMemo(() => departments.data ?? [], [departments.data]);
  const extra = more?.query === query ? more.page : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const cursor = extra ? extra.next_cursor : (first.data?.next_cursor ?? null);
  const resolve = useOrgResolver(departmentList, items, roleList);

  const replace = (next: User) => {
    const swap = (list: User[]) => list.map((u) => (u.id === next.id ? next : u));
    first.setData((page) => ({ items: swap(page?.items ?? []), next_cursor: page?.next_cursor ?? null }));
    setMore((previous) => previous && { ...previous, page: { ...previous.page, items: swap(previous.page.items) } });
    if (next.id === me.id) replaceUser(next);
  };

  const loadMore = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await api.users({ q: query, limit: PAGE_SIZE, cursor });
      setMore({ query, page: { items: [...(extra?.items ?? []), ...page.items], next_cursor: page.next_cursor } });
    } catch (caught) {
      report(caught);
    } finally {
      setLoadingMore(false);
    }
  };

  const reloadAll = () => {
    setMore(null);
    first.reload();
  };

  const saved = (user: User) => {
    const created = formTarget?.mode === 'create';
    setFormTarget(null);
    void message.success(created ? t('users.created') : t('users.saved'));
    if (created) {
      first.setData((page) => ({ items: [user, ...(page?.items ?? [])], next_cursor: page?.next_cursor ?? null }));
    } else {
      replace(user);
    }
  };

  const toggleActive = (user: User) => {
    const deactivate = user.active;
    modal.confirm({
      title: deactivate ? t('users.deactivate') : t('users.reactivate'),
      content: deactivate ? t('users.deactivateConfirm', { name: user.name }) : t('users.reactivateConfirm', { name: user.name }),
      okText: deactivate ? t('users.deactivate') : t('users.reactivate'),
      okButtonProps: { danger: deactivate },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const next = deactivate ? await api.deactivateUser(user.id) : await api.reactivateUser(user.id);
          if (next && typeof next === 'object' && 'id' in next) replace(next);
          else reloadAll();
          void message.success(deactivate ? t('users.deactivated') : t('users.reactivated'));
        } catch (caught) {
          report(caught, { onStale: reloadAll });
        }
      },
    });
  };

  const roleName = (id: string) => {
    const role = roleList.find((r) => r.id === id);
    return role ? tx(`role.${role.key}`, role.name) : t('common.none');
  };

  const departmentName = (id: string) => {
    const path = departmentPath(departmentList, id);
    // The root is everyone's ancestor: naming it adds nothing below it.
    return (path.length > 1 ? path.slice(1).slice(-2) : path).join(' / ') || t('common.none');
  };
  const statusTag = (user: User) =>
    user.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>;

  const actionItems = (user: User) => [
    ...(phone && canManage
      ? [{ key: 'edit', icon: <EditOutlined />, label: t('common.edit'), onClick: () => setFormTarget({ mode: 'edit', user }) }]
      : []),
    ...(phone
      ? [
          {
            key: 'history',
            icon: <HistoryOutlined />,
            label: t('common.history'),
            onClick: () => setHistory({ resource: 'users', id: user.id, name: user.name }),
          },
        ]
      : []),
    ...(canManage
      ? [
          { key: 'password', icon: <KeyOutlined />, label: t('users.resetPassword'), onClick: () => setResetFor(user) },
          user.active
            ? {
                key: 'deactivate',
                icon: <StopOutlined />,
                danger: true,
                label: t('users.deactivate'),
                disabled: user.id === me.id,
                onClick: () => toggleActive(user),
              }
            : { key: 'reactivate', icon: <UndoOutlined />, label: t('users.reactivate'), onClick: () => toggleActive(user) },
        ]
      : []),
  ];

  const moreMenu = (user: User) => (
    <Dropdown trigger={['click']} menu={{ items: actionItems(user) }}>
      <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} data-testid="user-actions" />
    </Dropdown>
  );

  const desktopColumns: ColumnsType<User> = [
    {
      title: t('users.name'),
      dataIndex: 'name',
      width: 210,
      render: (_, user) => (
        <div className="closer-user-cell">
          <Typography.Text strong>{user.name}</Typography.Text>
          {canManage && (
            <Typography.Text type="secondary" className="closer-user-cell__email" data-testid="user-cell-email">
              {user.email}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: t('users.role'), dataIndex: 'role_id', width: 120, render: (id: string) => roleName(id) },
    { title: t('users.department'), dataIndex: 'department_id', width: 150, render: (id: string) => departmentName(id) },
    {
      title: t('users.language'),
      dataIndex: 'language',
      width: 110,
      render: (lang: string | null) => (lang ? tx(`lang.${lang}`, lang) : t('lang.browserDefault')),
    },
    { title: t('users.status'), dataIndex: 'active', width: 100, render: (_, user) => statusTag(user) },
    {
      title: t('users.createdAt'),
      dataIndex: 'created_at',
      width: 110,
      render: (value: string) => formatDate(value, language),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_, user) => (
        <Space size={0}>
          {canManage && (
            <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', user })}>
              {t('common.edit')}
            </Button>
          )}
          <Tooltip title={t('common.history')}>
            <Button
              type="text"
              size="small"
              icon={<HistoryOutlined />}
              aria-label={t('common.history')}
              onClick={() => setHistory({ resource: 'users', id: user.id, name: user.name })}
            />
          </Tooltip>
          {canManage && moreMenu(user)}
        </Space>
      ),
    },
  ];

  // On a phone each user is one compact cell with a menu of actions.
  const phoneColumns: ColumnsType<User> = [
    {
      title: t('users.user'),
      key: 'user',
      render: (_, user) => (
        <div className="closer-user-cell">
          <Space size={6} wrap>
            <Typography.Text strong>{user.name}</Typography.Text>
            {statusTag(user)}
          </Space>
          {canManage && (
            <Typography.Text type="secondary" className="closer-user-cell__email" data-testid="user-cell-email">
              {user.email}
            </Typography.Text>
          )}
          <Typography.Text className="closer-user-cell__meta">
            {roleName(user.role_id)} · {departmentName(user.department_id)}
          </Typography.Text>
        </div>
      ),
    },
    { title: '', key: 'actions', width: 48, align: 'right', render: (_, user) => moreMenu(user) },
  ];

  if (first.error && !first.data) return <LoadError error={first.error} onRetry={first.reload} />;

  return (
    <div data-testid="users-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })} data-testid="user-new">
              {t('users.new')}
            </Button>
          )
        }
      />
      <Card className="closer-page-card">
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t(canManage ? 'users.search' : 'users.searchName')}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onSearch={(value) => setQuery(value.trim())}
            style={{ maxWidth: 360 }}
            enterButton={t('common.search')}
          />
        </Flex>
        <Table<User>
          rowKey="id"
          columns={phone ? phoneColumns : desktopColumns}
          dataSource={items}
          loading={first.loading}
          pagination={false}
          scroll={phone ? undefined : { x: 940 }}
          size={phone ? 'small' : 'middle'}
          locale={{ emptyText: t('users.empty') }}
          rowClassName={(user) => (user.active ? '' : 'closer-row--inactive')}
          data-testid="users-table"
        />
        {cursor && (
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Button onClick={loadMore} loading={loadingMore}>
              {t('common.loadMore')}
            </Button>
          </Flex>
        )}
      </Card>
      {formTarget && (
        <UserFormModal
          target={formTarget}
          roles={roleList}
          departments={departmentList}
          onClose={() => setFormTarget(null)}
          onSaved={saved}
          onStale={reloadAll}
        />
      )}
      {resetFor && <ResetPasswordModal user={resetFor} onClose={() => setResetFor(null)} />}
      <HistoryDrawer target={history} onClose={() => setHistory(null)} resolve={resolve} />
    </div>
  );
}
