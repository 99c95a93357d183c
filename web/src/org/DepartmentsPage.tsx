import {
  ApartmentOutlined,
  EditOutlined,
  FlagOutlined,
  HistoryOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Col, Descriptions, Empty, Grid, Input, Row, Skeleton, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useCallback, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import type { Department, User } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { useLoader } from '../lib/useLoader';
import { DepartmentFormModal, type DepartmentFormTarget } from './DepartmentFormModal';
import { buildDepartmentTree, departmentPath, type DepartmentNode } from './departmentTree';
import { HistoryDrawer, type HistoryTarget } from './HistoryDrawer';
import { useOrgResolver } from './resolver';

function matches(node: DepartmentNode, filter: string): boolean {
  return (
    node.department.name.toLowerCase().includes(filter) || node.children.some((child) => matches(child, filter))
  );
}

export function DepartmentsPage() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const canManage = can('org.manage');
  const phone = Grid.useBreakpoint().md === false;
  const details = useRef<HTMLDivElement>(null);

  const loadDepartments = useCallback(() => api.departments(), []);
  const departments = useLoader(loadDepartments);
  const loadUsers = useCallback(() => api.allUsers().catch(() => [] as User[]), []);
  const users = useLoader(loadUsers);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');
  const [formTarget, setFormTarget] = useState<DepartmentFormTarget | null>(null);
  const [history, setHistory] = useState<HistoryTarget | null>(null);

  const list = useMemo(() => departments.data ?? [], [departments.data]);
  const people = useMemo(() => users.data ?? [], [users.data]);
  const tree = useMemo(() => buildDepartmentTree(list, language), [list, language]);
  const resolve = useOrgResolver(list, people);
  const needle = filter.trim().toLowerCase();

  const treeData = useMemo<DataNode[]>(() => {
    const convert = (nodes: DepartmentNode[]): DataNode[] =>
      nodes
        .filter((node) => !needle || matches(node, needle))
        .map((node) => ({
          key: node.department.id,
          title: (
            <span className="closer-dept-node" data-testid="department-node">
              <span className="closer-dept-node__name">{node.department.name}</span>
              {node.department.is_sales_region && (
                <Tag color="gold" icon={<FlagOutlined />} style={{ marginInlineStart: 6 }}>
                  {t('dept.salesRegion')}
                </Tag>
              )}
            </span>
          ),
          children: convert(node.children),
        }));
    return convert(tree);
  }, [tree, needle, t]);

  const allKeys = useMemo(() => list.map((d) => d.id), [list]);
  const expandedKeys = needle ? allKeys : allKeys.filter((key) => !collapsed.has(key));
  const selected = list.find((d) => d.id === selectedId) ?? null;
  const memberCount = selected ? people.filter((u) => u.department_id === selected.id && u.active).length : 0;
  const head = selected?.head_user_id ? people.find((u) => u.id === selected.head_user_id) : undefined;

  const saved = (department: Department) => {
    const created = formTarget?.mode === 'create';
    setFormTarget(null);
    void message.success(created ? t('dept.created') : t('dept.saved'));
    departments.setData((previous = []) => {
      const others = previous.filter((d) => d.id !== department.id);
      return [...others, department];
    });
    if (department.parent_id) {
      setCollapsed((previous) => {
        const next = new Set(previous);
        next.delete(department.parent_id as string);
        return next;
      });
    }
    setSelectedId(department.id);
  };

  if (departments.error) return <LoadError error={departments.error} onRetry={departments.reload} />;

  return (
    <div data-testid="departments-page">
      <PageHeader
        title={t('dept.title')}
        subtitle={t('dept.subtitle')}
        extra={
          canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setFormTarget({ mode: 'create', parentId: selectedId ?? tree[0]?.department.id ?? null })}
              data-testid="department-new"
            >
              {t('dept.new')}
            </Button>
          )
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={11} lg={10}>
          <Card className="closer-page-card">
            <Input.Search
              allowClear
              placeholder={t('dept.search')}
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
              style={{ marginBottom: 12 }}
            />
            {departments.loading && !departments.data ? (
              <Skeleton active />
            ) : treeData.length === 0 ? (
              <Empty description={t('dept.empty')} />
            ) : (
              <Tree
                className="closer-dept-tree"
                treeData={treeData}
                showIcon={false}
                blockNode
                expandedKeys={expandedKeys}
                onExpand={(keys) => {
                  const open = new Set(keys.map(String));
                  setCollapsed(new Set(allKeys.filter((key) => !open.has(key))));
                }}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(_, info) => {
                  setSelectedId(String(info.node.key));
                  // On a phone the details are below the tree: bring them into view.
                  if (phone) window.setTimeout(() => details.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 50);
                }}
                data-testid="department-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} md={13} lg={14}>
          <Card className="closer-page-card" data-testid="department-details" ref={details}>
            {selected ? (
              <>
                <Typography.Title level={4} style={{ marginTop: 0 }}>
                  <ApartmentOutlined /> {selected.name}
                </Typography.Title>
                <Descriptions column={1} size="small" colon={false} styles={{ label: { width: 120 } }}>
                  <Descriptions.Item label={t('dept.parent')}>
                    {selected.parent_id ? departmentPath(list, selected.parent_id).join(' / ') : t('dept.parentNone')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('dept.salesRegion')}>
                    {selected.is_sales_region ? (
                      <Tag color="gold" icon={<FlagOutlined />}>
                        {t('common.yes')}
                      </Tag>
                    ) : (
                      t('common.no')
                    )}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('dept.head')}>
                    {head ? head.name : selected.head_user_id ? resolve('head_user_id', selected.head_user_id) : t('dept.headNone')}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('dept.members')}>{memberCount}</Descriptions.Item>
                </Descriptions>
                <Space wrap style={{ marginTop: 16 }}>
                  {canManage && (
                    <Button
                      icon={<EditOutlined />}
                      onClick={() => setFormTarget({ mode: 'edit', department: selected })}
                      data-testid="department-edit"
                    >
                      {t('common.edit')}
                    </Button>
                  )}
                  {canManage && (
                    <Button icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parentId: selected.id })}>
                      {t('dept.addChild')}
                    </Button>
                  )}
                  <Button
                    icon={<HistoryOutlined />}
                    onClick={() => setHistory({ resource: 'departments', id: selected.id, name: selected.name })}
                    data-testid="department-history"
                  >
                    {t('common.history')}
                  </Button>
                </Space>
                {!canManage && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
                    {t('error.readOnly')}
                  </Typography.Paragraph>
                )}
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dept.selectHint')} />
            )}
          </Card>
        </Col>
      </Row>
      {formTarget && (
        <DepartmentFormModal
          target={formTarget}
          departments={list}
          users={people}
          onClose={() => setFormTarget(null)}
          onSaved={saved}
          onStale={departments.reload}
        />
      )}
      <HistoryDrawer target={history} onClose={() => setHistory(null)} resolve={resolve} />
    </div>
  );
}
