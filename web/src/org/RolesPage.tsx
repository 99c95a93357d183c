import { EditOutlined, HistoryOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Grid, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../api/client';
import type { PermissionInfo, Role } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { HistoryDrawer, type HistoryTarget } from './HistoryDrawer';
import { groupByArea } from './PermissionPicker';
import { useOrgResolver } from './resolver';
import { RoleFormModal, type RoleFormTarget } from './RoleFormModal';

export function RolesPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('roles.manage');
  const phone = Grid.useBreakpoint().md === false;

  const loadRoles = useCallback(() => api.roles(), []);
  const roles = useLoader(loadRoles);
  const loadCatalogue = useCallback(
    () => api.permissions().then((answer) => answer.items).catch(() => [] as PermissionInfo[]),
    [],
  );
  const catalogue = useLoader(loadCatalogue);
  const [formTarget, setFormTarget] = useState<RoleFormTarget | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);

  const roleList = useMemo(() => roles.data ?? [], [roles.data]);
  const resolve = useOrgResolver([], [], roleList);
  const permissionCatalogue = useMemo(() => {
    const known = catalogue.data ?? [];
    if (known.length) return known;
    // Without the catalogue, offer the keys the roles already use.
    const keys = [...new Set(roleList.flatMap((role) => role.permissions))];
    return keys.map((key) => ({ key, area: key.split('.')[0] ?? key }));
  }, [catalogue.data, roleList]);

  const saved = (role: Role) => {
    const created = formTarget?.mode === 'create';
    setFormTarget(null);
    void message.success(created ? t('roles.created') : t('roles.saved'));
    roles.setData((previous = []) =>
      created ? [...previous, role] : previous.map((r) => (r.id === role.id ? role : r)),
    );
  };

  const typeTag = (builtin: boolean) =>
    builtin ? <Tag color="blue">{t('roles.builtin')}</Tag> : <Tag color="purple">{t('roles.custom')}</Tag>;
  const actions = (role: Role) => (
    <Space size={0}>
      {canManage && (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', role })}>
          {t('common.edit')}
        </Button>
      )}
      <Tooltip title={t('common.history')}>
        <Button
          type="text"
          size="small"
          icon={<HistoryOutlined />}
          aria-label={t('common.history')}
          onClick={() => setHistory({ resource: 'roles', id: role.id, name: tx(`role.${role.key}`, role.name) })}
        />
      </Tooltip>
    </Space>
  );

  const phoneColumns: ColumnsType<Role> = [
    {
      title: t('roles.name'),
      key: 'role',
      render: (_, role) => (
        <div className="closer-user-cell">
          <Space size={6} wrap>
            <Typography.Text strong>{tx(`role.${role.key}`, role.name)}</Typography.Text>
            {typeTag(role.is_builtin)}
          </Space>
          <Typography.Text type="secondary" className="closer-user-cell__email">
            <code>{role.key}</code>
          </Typography.Text>
          <Typography.Text className="closer-user-cell__meta">
            {tx(`scope.${role.data_scope}`, role.data_scope)} · {t('roles.permissionCount', { count: role.permissions.length })}
          </Typography.Text>
        </div>
      ),
    },
    { title: '', key: 'actions', width: 110, align: 'right', render: (_, role) => actions(role) },
  ];

  const columns: ColumnsType<Role> = [
    {
      title: t('roles.name'),
      dataIndex: 'name',
      width: 150,
      render: (_, role) => <Typography.Text strong>{tx(`role.${role.key}`, role.name)}</Typography.Text>,
    },
    { title: t('roles.key'), dataIndex: 'key', width: 150, render: (key: string) => <code>{key}</code> },
    {
      title: t('roles.type'),
      dataIndex: 'is_builtin',
      width: 90,
      render: (builtin: boolean) => typeTag(builtin),
    },
    {
      title: t('roles.dataScope'),
      dataIndex: 'data_scope',
      width: 160,
      render: (scope: string) => tx(`scope.${scope}`, scope),
    },
    {
      title: t('roles.permissions'),
      dataIndex: 'permissions',
      width: 260,
      render: (permissions: string[]) => {
        const areas = groupByArea(permissionCatalogue.filter((p) => permissions.includes(p.key)));
        return (
          <Tooltip title={permissions.map((key) => tx(`perm.${key}`, key)).join(t('common.listSeparator'))}>
            <span>
              <Typography.Text>{t('roles.permissionCount', { count: permissions.length })}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {areas.map(({ area }) => tx(`permArea.${area}`, area)).join(' · ')}
              </Typography.Text>
            </span>
          </Tooltip>
        );
      },
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      fixed: 'right',
      render: (_, role) => actions(role),
    },
  ];

  if (roles.error && !roles.data) return <LoadError error={roles.error} onRetry={roles.reload} />;

  return (
    <div data-testid="roles-page">
      <PageHeader
        title={t('roles.title')}
        subtitle={t('roles.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })} data-testid="role-new">
              {t('roles.new')}
            </Button>
          )
        }
      />
      <Card className="closer-page-card">
        <Table<Role>
          rowKey="id"
          columns={phone ? phoneColumns : columns}
          dataSource={roleList}
          loading={roles.loading}
          pagination={false}
          scroll={phone ? undefined : { x: 930 }}
          size={phone ? 'small' : 'middle'}
          locale={{ emptyText: t('roles.empty') }}
          data-testid="roles-table"
        />
      </Card>
      {formTarget && (
        <RoleFormModal
          target={formTarget}
          catalogue={permissionCatalogue}
          onClose={() => setFormTarget(null)}
          onSaved={saved}
          onStale={roles.reload}
        />
      )}
      <HistoryDrawer target={history} onClose={() => setHistory(null)} resolve={resolve} />
    </div>
  );
}
