import {
  ApartmentOutlined,
  FundOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  TeamOutlined,
  ContactsOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { canOpen } from '../app/access';
import type { Department, User } from '../api/types';
import { useSession } from '../auth/session';
import { EChart, type ChartOption } from '../components/EChart';
import { useI18n } from '../i18n/useI18n';
import { isForbidden } from '../lib/problem';
import { useLoader } from '../lib/useLoader';

interface TeamData {
  departments: Department[];
  users: User[] | null;
  usersError?: unknown;
}

async function loadTeam(): Promise<TeamData> {
  const departments = await api.departments().catch(() => [] as Department[]);
  try {
    return { departments, users: await api.allUsers() };
  } catch (usersError) {
    return { departments, users: null, usersError };
  }
}

/** Active people per department, the largest dozen first; departments without people left out. */
export function headcountByDepartment(users: User[], departments: Department[]) {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const counts = new Map<string, number>();
  for (const user of users) {
    if (!user.active) continue;
    counts.set(user.department_id, (counts.get(user.department_id) ?? 0) + 1);
  }
  return [...counts]
    .map(([id, count]) => ({ name: names.get(id) ?? id, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, 12);
}

export function HomePage() {
  const { t, tx } = useI18n();
  const { user, can } = useSession();
  const load = useCallback(() => loadTeam(), []);
  const { data, loading } = useLoader(load);

  const departmentName = data?.departments.find((d) => d.id === user.department_id)?.name;
  const rows = useMemo(
    () => (data?.users ? headcountByDepartment(data.users, data.departments) : []),
    [data],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name) },
      series: [
        {
          type: 'bar',
          name: t('home.people'),
          data: rows.map((r) => r.count),
          itemStyle: { color: '#1d4ed8', borderRadius: [0, 4, 4, 0] },
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [rows, t],
  );

  const quickLinks = [
    { to: '/leads', icon: <SolutionOutlined />, label: t('nav.leads') },
    { to: '/customers', icon: <ContactsOutlined />, label: t('nav.customers') },
    { to: '/opportunities', icon: <FundOutlined />, label: t('nav.opportunities') },
    { to: '/org/departments', icon: <ApartmentOutlined />, label: t('nav.departments') },
    { to: '/org/users', icon: <TeamOutlined />, label: t('nav.users') },
    { to: '/org/roles', icon: <SafetyCertificateOutlined />, label: t('nav.roles') },
  ];

  return (
    <div data-testid="home">
      <div className="closer-welcome">
        <Typography.Title level={2} style={{ margin: 0 }} data-testid="home-welcome">
          {t('home.welcome', { name: user.name })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('home.subtitle', { tenant: user.tenant.name })}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('home.access')} className="closer-page-card">
            <Descriptions column={1} size="small" colon={false} styles={{ label: { width: 120 } }}>
              <Descriptions.Item label={t('home.role')}>
                <Tag color="blue" data-testid="home-role">
                  {tx(`role.${user.role_key}`, user.role_key)}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('home.scope')}>
                <span data-testid="home-scope">{tx(`scope.${user.data_scope}`, user.data_scope)}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('home.department')}>
                {loading ? <Skeleton.Input size="small" active /> : (departmentName ?? t('common.none'))}
              </Descriptions.Item>
              <Descriptions.Item label={t('home.permissions')}>
                {t('home.permissionCount', { count: user.permissions.length })}
              </Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('home.teamChart')} className="closer-page-card">
            {loading ? (
              <Skeleton active />
            ) : rows.length > 0 ? (
              <EChart option={option} height={Math.max(160, rows.length * 36 + 24)} label={t('home.teamChart')} />
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={
                  data?.usersError && isForbidden(data.usersError) ? t('home.teamChartNoAccess') : t('home.teamChartEmpty')
                }
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('home.dashboard')} className="closer-page-card">
            <Empty description={t('home.dashboardEmpty')} data-testid="home-dashboard-empty" />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('home.goTo')} className="closer-page-card">
            <Space wrap>
              {quickLinks
                .filter((link) => canOpen(link.to, can))
                .map((link) => (
                  <Link key={link.to} to={link.to}>
                    <Button icon={link.icon}>{link.label}</Button>
                  </Link>
                ))}
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
