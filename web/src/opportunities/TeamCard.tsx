import { CrownOutlined, DeleteOutlined, EditOutlined, PlusOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Button, Card, Flex, Form, List, Modal, Select, Tag, Typography } from 'antd';
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { OpportunityTeamMember } from '../api/types';
import type { Users } from '../customers/labels';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import { SplitsSection } from './SplitsSection';

/** The roles a colleague can have on a deal's team (the owner is on every deal already). */
export const TEAM_ROLES = ['sales', 'presales', 'technical', 'executive', 'support'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

function isTeamRole(role: string): role is TeamRole {
  return TEAM_ROLES.some((known) => known === role);
}

export const ROLE_COLOR: Record<TeamRole, string> = {
  sales: 'blue',
  presales: 'cyan',
  technical: 'geekblue',
  executive: 'purple',
  support: 'green',
};

interface Values {
  members: { user_id?: string; role?: TeamRole }[];
}

function TeamRoleTag({ role }: { role: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={isTeamRole(role) ? ROLE_COLOR[role] : 'default'} bordered={false} data-testid="opp-team-role" data-role={role}>
      {tx(`opps.team.role.${role}`, role)}
    </Tag>
  );
}

function TeamDialog({
  opportunityId,
  ownerId,
  team,
  users,
  onClose,
  onSaved,
}: {
  opportunityId: string;
  ownerId?: string | null;
  team: OpportunityTeamMember[];
  users: Users;
  onClose: () => void;
  onSaved: (team: OpportunityTeamMember[]) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const chosen = Form.useWatch('members', form) ?? [];
  // Anyone active but the owner; someone already listed keeps their name even if inactive.
  const people = [
    ...users.active.filter((u) => u.id !== ownerId),
    ...team.filter((m) => !users.active.some((u) => u.id === m.user_id)).map((m) => ({ id: m.user_id, name: m.name })),
  ];

  const save = async (values: Values) => {
    setSaving(true);
    try {
      const saved = await opportunitiesApi.setTeam(
        opportunityId,
        values.members.map((m) => ({ user_id: m.user_id ?? '', role: m.role ?? 'sales' })),
      );
      void message.success(t('opps.team.saved'));
      onSaved(saved);
    } catch (error) {
      const rest = applyFieldProblems(form, error, {
        explain: (p, path) => (path[2] === 'user_id' && p.code === 'not_allowed' ? t('opps.team.duplicate') : undefined),
      });
      const onFields = error instanceof ApiError && (error.problem.errors?.length ?? 0) > rest.length;
      if (!onFields || rest.length > 0) void message.error([problemMessage(error, t), ...rest.map((p) => p.message)].join(' '));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('opps.team.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'opp-team-save' } as Record<string, string>}
      destroyOnHidden
      data-testid="opp-team-dialog"
    >
      <Typography.Paragraph type="secondary">{t('opps.team.ownerNote', { name: users.name(ownerId) || t('common.none') })}</Typography.Paragraph>
      <Form form={form} onFinish={(values) => void save(values)} initialValues={{ members: team.map((m) => ({ user_id: m.user_id, role: m.role })) }}>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap className="closer-team-row" data-testid="opp-team-row">
                  <Form.Item
                    name={[field.name, 'user_id']}
                    rules={[{ required: true, message: t('validation.select', { field: t('opps.team.person') }) }]}
                    style={{ flex: '1 1 180px', marginBottom: 12 }}
                  >
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t('opps.team.person')}
                      data-testid="opp-team-user"
                      options={people.map((u) => ({
                        value: u.id,
                        label: u.name,
                        disabled: chosen.some((m, i) => i !== field.name && m?.user_id === u.id),
                      }))}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'role']}
                    rules={[{ required: true, message: t('validation.select', { field: t('opps.team.roleLabel') }) }]}
                    style={{ flex: '0 1 130px', marginBottom: 12 }}
                  >
                    <Select
                      placeholder={t('opps.team.roleLabel')}
                      data-testid="opp-team-role-select"
                      options={TEAM_ROLES.map((role) => ({ value: role, label: t(`opps.team.role.${role}`) }))}
                    />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={t('opps.team.remove')} data-testid="opp-team-remove" />
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ role: 'sales' })} block type="dashed" data-testid="opp-team-add">
                {t('opps.team.add')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

/** The deal's team: the owner, then each colleague with their role; edited as one list. */
export function TeamCard({
  opportunityId,
  ownerId,
  users,
  editable,
  revision,
}: {
  opportunityId: string;
  ownerId?: string | null;
  users: Users;
  editable: boolean;
  /** The deal's version: its credit split is read again when the deal changes (amount, stage). */
  revision?: number;
}) {
  const { t } = useI18n();
  const load = useCallback(() => opportunitiesApi.team(opportunityId), [opportunityId]);
  const team = useLoader(load);
  const [editing, setEditing] = useState(false);
  const members = team.data ?? [];

  return (
    <Card
      size="small"
      title={t('opps.team.title', { count: members.length + (ownerId ? 1 : 0) })}
      extra={
        editable && (
          <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(true)} disabled={!team.data} data-testid="opp-team-edit">
            {t('common.edit')}
          </Button>
        )
      }
      data-testid="opp-team"
    >
      {team.error && !team.data ? (
        <Typography.Text type="danger">{t('opps.team.loadFailed')}</Typography.Text>
      ) : (
        <List size="small" className="closer-c360-list" data-testid="opp-team-list">
          {ownerId && (
            <List.Item data-testid="opp-team-owner">
              <List.Item.Meta
                avatar={<Avatar size="small" icon={<CrownOutlined />} />}
                title={
                  <span>
                    {users.name(ownerId)}{' '}
                    <Tag color="gold" bordered={false}>
                      {t('opps.team.owner')}
                    </Tag>
                  </span>
                }
              />
            </List.Item>
          )}
          {members.map((member) => (
            <List.Item key={member.user_id} data-testid="opp-team-member" data-user={member.user_id}>
              <List.Item.Meta
                avatar={<Avatar size="small" icon={<UserOutlined />} />}
                title={
                  <span>
                    {member.name} <TeamRoleTag role={member.role} />
                  </span>
                }
              />
            </List.Item>
          ))}
          {team.data && members.length === 0 && (
            <Typography.Text type="secondary" style={{ display: 'block', paddingTop: 4 }}>
              {t('opps.team.empty')}
            </Typography.Text>
          )}
        </List>
      )}
      <SplitsSection opportunityId={opportunityId} users={users} editable={editable} revision={revision} />
      {editing && (
        <TeamDialog
          opportunityId={opportunityId}
          ownerId={ownerId}
          team={members}
          users={users}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            team.setData(() => saved);
            setEditing(false);
          }}
        />
      )}
    </Card>
  );
}
