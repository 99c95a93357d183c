import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, List, Spin, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client';
import { approvalsApi } from '../../api/approvals';
import type { Department, Flow, Role, User } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { formatDateTime } from '../../lib/format';
import { useLoader } from '../../lib/useLoader';
import { FlowDrawer } from './FlowDrawer';
import { describeApprovers, describeCondition, type FlowWords } from './flowText';
import type { Lookups } from './StepFields';
import '../approvals.css';

async function loadLookups(): Promise<Lookups> {
  const [roles, users, departments] = await Promise.all([
    api.roles().catch(() => [] as Role[]),
    api.allUsers().catch(() => [] as User[]),
    api.departments().catch(() => [] as Department[]),
  ]);
  return { roles, users, departments };
}

/** The approval flows (administrators): which one contracts go through, its steps; editing saves a new version. */
export function ApprovalFlowsPage() {
  const { t, tx, language } = useI18n();
  const { user } = useSession();
  const flows = useLoader(useCallback(() => approvalsApi.flows(), []));
  const lookups = useLoader(useCallback(() => loadLookups(), []));
  const [editing, setEditing] = useState<{ flow: Flow | null } | null>(null);

  const words = useMemo<FlowWords>(() => {
    const { roles = [], users = [], departments = [] } = lookups.data ?? {};
    return {
      language,
      currency: user.tenant.currency ?? 'CNY',
      tx,
      roleName: (key) => tx(`role.${key}`, roles.find((r) => r.key === key)?.name ?? key),
      userName: (id) => users.find((u) => u.id === id)?.name ?? id.slice(0, 8),
      departmentName: (id) => departments.find((d) => d.id === id)?.name ?? id.slice(0, 8),
    };
  }, [lookups.data, language, tx, user.tenant.currency]);

  if (flows.error && !flows.data) return <LoadError error={flows.error} onRetry={flows.reload} />;
  if (!flows.data) return <Spin />;
  const sorted = [...flows.data].sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name));

  return (
    <div className="closer-page" data-testid="approval-flows-page">
      <PageHeader
        title={t('flows.title')}
        subtitle={t('flows.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} disabled={!lookups.data} onClick={() => setEditing({ flow: null })} data-testid="flow-new">
            {t('flows.new')}
          </Button>
        }
      />
      <List<Flow>
        dataSource={sorted}
        locale={{ emptyText: <Empty description={t('flows.empty')} /> }}
        renderItem={(flow) => (
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            data-testid="flow-card"
            title={
              <Flex gap={8} align="center" wrap>
                <span>{flow.name}</span>
                {flow.active ? <Tag color="success">{t('flows.inUse')}</Tag> : <Tag>{t('flows.notInUse')}</Tag>}
                <Tag bordered={false}>{t('common.version', { version: flow.version })}</Tag>
              </Flex>
            }
            extra={
              <Button size="small" icon={<EditOutlined />} disabled={!lookups.data} onClick={() => setEditing({ flow })} data-testid="flow-edit">
                {t('common.edit')}
              </Button>
            }
          >
            <ol className="closer-flow-steps">
              {flow.steps.map((step, i) => (
                <li key={i}>
                  <Typography.Text strong>{step.name}</Typography.Text>
                  <Typography.Text type="secondary">
                    {' · '}
                    {describeCondition(step.when, words)} · {describeApprovers(step.approvers, words)} · {t(step.mode === 'all' ? 'approvals.mode.all' : 'approvals.mode.any')}
                  </Typography.Text>
                </li>
              ))}
            </ol>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('flows.updatedAt', { at: formatDateTime(flow.updated_at, language) })}
            </Typography.Text>
          </Card>
        )}
      />
      {editing && lookups.data && (
        <FlowDrawer
          flow={editing.flow}
          lookups={lookups.data}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            flows.reload();
          }}
          onStale={flows.reload}
        />
      )}
    </div>
  );
}
