import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Drawer, Empty, Flex, Form, Grid, List, Popconfirm, Select, Tag, Typography, type ButtonProps } from 'antd';
import { useCallback, useState } from 'react';
import { approvalsApi } from '../api/approvals';
import { ApiError } from '../api/client';
import type { Delegation, DelegationInput } from '../api/types';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { useUsers } from '../customers/labels';
import type { Language } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems, type FieldPath } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';

/** A day as the date pickers give it (a Dayjs), as far as the form needs it. */
interface Day {
  format: (template: string) => string;
}

export interface DelegationValues {
  delegate_id?: string;
  /** On a desk: one range picker. */
  range?: [Day | null, Day | null] | null;
  /** On a phone (a range picker's two months do not fit): a picker each. */
  starts_on?: Day | null;
  ends_on?: Day | null;
}

const ISO = 'YYYY-MM-DD';

/** The request body for the form's values, whichever pickers the form showed. */
export function delegationBody(values: DelegationValues): DelegationInput {
  const [from, to] = values.range ?? [values.starts_on, values.ends_on];
  return { delegate_id: values.delegate_id ?? '', starts_on: from?.format(ISO) ?? '', ends_on: to?.format(ISO) ?? '' };
}

/** Today in the browser's time zone, as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type DelegationState = 'active' | 'upcoming' | 'ended';

/** Whether a delegation covers `today` (both ends included), is still to come, or is over. */
export function delegationState(d: Pick<Delegation, 'starts_on' | 'ends_on'>, today: string): DelegationState {
  if (today < d.starts_on) return 'upcoming';
  if (today > d.ends_on) return 'ended';
  return 'active';
}

const STATE_COLOR: Record<DelegationState, string> = { active: 'green', upcoming: 'blue', ended: 'default' };

/** A delegation's days in the user's language, e.g. "Dec 6 – 10, 2026" / "2026/12/6 – 2026/12/10". */
export function formatDays(from: string, to: string, language: Language): string {
  const day = (iso: string) => new Date(`${iso}T12:00:00`);
  const a = day(from);
  const b = day(to);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${from} – ${to}`;
  const format = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' });
  return from === to ? format.format(a) : format.formatRange(a, b);
}

/**
 * Delegations: whom I name to decide my approvals while I am away, and when. The list of mine
 * (who, which days, whether it is in force today), each deleted after a confirmation, and a
 * form to add one (a colleague and a date range). Any signed-in member manages their own.
 */
export function DelegationsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const narrow = screens.sm === false;
  return (
    <Drawer
      open={open}
      title={t('approvals.delegations.title')}
      onClose={onClose}
      width={narrow ? '100%' : 520}
      destroyOnHidden
      data-testid="delegations-drawer"
    >
      <Delegations />
    </Drawer>
  );
}

/** The drawer's content: the list and the form. */
export function Delegations() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const report = useErrorReporter();
  const users = useUsers();
  // A range picker shows two months side by side: below 768 px a picker for each end.
  const phone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<DelegationValues>();
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const load = useCallback(() => approvalsApi.delegations(), []);
  const list = useLoader(load);
  const today = localToday();
  const nameOf = (id: string) => users.name(id) || id.slice(0, 8);
  const pastDay = (day: Day) => day.format(ISO) < today;
  const startsOn = Form.useWatch('starts_on', form);

  const save = async (values: DelegationValues) => {
    setSaving(true);
    try {
      const body = delegationBody(values);
      const created = await approvalsApi.createDelegation(body);
      void message.success(
        t('approvals.delegations.added', {
          name: nameOf(created.delegate_id),
          from: formatDays(created.starts_on, created.starts_on, language),
          to: formatDays(created.ends_on, created.ends_on, language),
        }),
      );
      form.resetFields();
      list.setData((previous) => [created, ...(previous ?? []).filter((d) => d.id !== created.id)].sort((a, b) => b.starts_on.localeCompare(a.starts_on)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        const rename = (path: FieldPath): FieldPath => (!phone && (path[0] === 'starts_on' || path[0] === 'ends_on') ? ['range'] : path);
        const rest = applyFieldProblems(form, error, {
          rename,
          // By the server's field name: on a desk both dates land on the one range picker.
          explain: (problem) => {
            if (problem.field === 'delegate_id' && problem.code === 'unknown_reference') return t('approvals.delegations.unknownDelegate');
            if (problem.field === 'ends_on' && problem.code === 'before_start') return t('approvals.delegations.beforeStart');
            return undefined;
          },
        });
        if (rest.length > 0 || (error.problem.errors ?? []).length === 0) {
          void message.error([problemMessage(error, t), ...rest.map((p) => p.message)].join(' '));
        }
      } else {
        report(error);
      }
    } finally {
      setSaving(false);
    }
  };

  const remove = async (delegation: Delegation) => {
    setDeleting(delegation.id);
    try {
      await approvalsApi.deleteDelegation(delegation.id);
      void message.success(t('approvals.delegations.deleted'));
      list.setData((previous) => (previous ?? []).filter((d) => d.id !== delegation.id));
    } catch (error) {
      report(error);
      list.reload();
    } finally {
      setDeleting(null);
    }
  };

  const required = (field: string) => ({ required: true, message: t('validation.select', { field }) });

  return (
    <Flex vertical gap={16} className="closer-delegations">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('approvals.delegations.hint')}
      </Typography.Paragraph>

      <section>
        <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
          {t('approvals.delegations.mine')}
        </Typography.Title>
        {list.error && !list.data ? (
          <LoadError error={list.error} onRetry={list.reload} />
        ) : (
          <List<Delegation>
            bordered
            size="small"
            loading={list.loading && !list.data}
            dataSource={list.data ?? []}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.delegations.empty')} /> }}
            data-testid="delegations-list"
            renderItem={(delegation) => {
              const state = delegationState(delegation, today);
              const name = nameOf(delegation.delegate_id);
              return (
                <List.Item className="closer-delegation" data-testid="delegation-row" data-delegation-id={delegation.id} data-state={state}>
                  <Flex justify="space-between" align="center" gap={8} style={{ width: '100%' }}>
                    <Flex vertical gap={2} style={{ minWidth: 0 }}>
                      <Flex gap={6} align="center" wrap>
                        <Typography.Text strong className="closer-delegation__name" data-testid="delegation-name">
                          {name}
                        </Typography.Text>
                        <Tag color={STATE_COLOR[state]} bordered={false} data-testid="delegation-state" data-state={state}>
                          {t(`approvals.delegations.state.${state}`)}
                        </Tag>
                      </Flex>
                      <Typography.Text type="secondary" className="closer-num" data-testid="delegation-days">
                        {formatDays(delegation.starts_on, delegation.ends_on, language)}
                      </Typography.Text>
                    </Flex>
                    <Popconfirm
                      title={t('approvals.delegations.deleteConfirm', { name })}
                      description={state === 'ended' ? undefined : t('approvals.delegations.deleteHint')}
                      okText={t('common.delete')}
                      okButtonProps={{ danger: true, 'data-testid': 'delegation-delete-ok' } as ButtonProps}
                      cancelText={t('common.cancel')}
                      onConfirm={() => remove(delegation)}
                      placement="topRight"
                    >
                      <Button
                        danger
                        type="text"
                        size={phone ? 'large' : 'middle'}
                        icon={<DeleteOutlined />}
                        loading={deleting === delegation.id}
                        aria-label={t('common.delete')}
                        data-testid="delegation-delete"
                      />
                    </Popconfirm>
                  </Flex>
                </List.Item>
              );
            }}
          />
        )}
      </section>

      <section>
        <Typography.Title level={5} style={{ margin: '0 0 8px' }}>
          {t('approvals.delegations.new')}
        </Typography.Title>
        <Form<DelegationValues> form={form} layout="vertical" onFinish={(values) => void save(values)} data-testid="delegation-form">
          <Form.Item name="delegate_id" label={t('approvals.delegations.delegate')} rules={[required(t('approvals.delegations.delegate'))]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={users.loading}
              placeholder={t('approvals.delegations.delegatePlaceholder')}
              options={users.active.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name }))}
              data-testid="delegation-delegate"
            />
          </Form.Item>
          {phone ? (
            <Flex gap={12}>
              <Form.Item name="starts_on" label={t('approvals.delegations.startsOn')} rules={[required(t('approvals.delegations.startsOn'))]} style={{ flex: '1 1 0', minWidth: 0 }}>
                <DatePicker style={{ width: '100%' }} inputReadOnly disabledDate={pastDay} data-testid="delegation-starts" />
              </Form.Item>
              <Form.Item
                name="ends_on"
                label={t('approvals.delegations.endsOn')}
                dependencies={['starts_on']}
                rules={[
                  required(t('approvals.delegations.endsOn')),
                  ({ getFieldValue }) => ({
                    validator: (_, value?: Day | null) => {
                      const from = getFieldValue('starts_on') as Day | null | undefined;
                      return value && from && value.format(ISO) < from.format(ISO) ? Promise.reject(new Error(t('approvals.delegations.beforeStart'))) : Promise.resolve();
                    },
                  }),
                ]}
                style={{ flex: '1 1 0', minWidth: 0 }}
              >
                <DatePicker
                  style={{ width: '100%' }}
                  inputReadOnly
                  disabledDate={(day: Day) => pastDay(day) || Boolean(startsOn && day.format(ISO) < startsOn.format(ISO))}
                  data-testid="delegation-ends"
                />
              </Form.Item>
            </Flex>
          ) : (
            <Form.Item name="range" label={t('approvals.delegations.dates')} rules={[required(t('approvals.delegations.dates'))]}>
              <DatePicker.RangePicker
                style={{ width: '100%' }}
                disabledDate={pastDay}
                placeholder={[t('approvals.delegations.startsOn'), t('approvals.delegations.endsOn')]}
                data-testid="delegation-range"
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={saving} block={phone} size={phone ? 'large' : 'middle'} data-testid="delegation-add">
            {t('approvals.delegations.add')}
          </Button>
        </Form>
      </section>
    </Flex>
  );
}
