import { DeleteOutlined, EditOutlined, MinusCircleOutlined, PlusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, List, Modal, Popconfirm, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { opportunitiesApi } from '../api/opportunities';
import type { Competitor, Opportunity } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems, type FieldPath } from '../lib/formProblems';
import { problemMessage } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';

/** The list with entry `index` replaced by `entry` (appended when index is past the end), or removed when entry is null. */
export function withCompetitor(list: Competitor[], index: number, entry: Competitor | null): Competitor[] {
  if (entry === null) return list.filter((_, i) => i !== index);
  const clean: Competitor = { name: entry.name.trim(), strengths: entry.strengths?.trim() || null, weaknesses: entry.weaknesses?.trim() || null };
  return index >= list.length ? [...list, clean] : list.map((c, i) => (i === index ? clean : c));
}

/** `competitors[2].name` → ['name'] when editing entry 2; any other entry's problem stays unmatched. */
export function competitorField(index: number) {
  return (path: FieldPath): FieldPath | null => (path[0] === 'competitors' && path[1] === index && path.length === 3 ? [path[2]] : null);
}

function CompetitorDialog({
  opportunity,
  index,
  onClose,
  onSaved,
  onStale,
}: {
  opportunity: Opportunity;
  index: number;
  onClose: () => void;
  onSaved: (o: Opportunity) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [form] = Form.useForm<Competitor>();
  const [saving, setSaving] = useState(false);
  const current = opportunity.competitors[index];

  const save = async (values: Competitor) => {
    setSaving(true);
    try {
      const saved = await opportunitiesApi.update(opportunity.id, { competitors: withCompetitor(opportunity.competitors, index, values) }, opportunity.version);
      void message.success(t('opps.competitors.saved'));
      onSaved(saved);
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) {
        const rest = applyFieldProblems(form, error, {
          rename: competitorField(index),
          explain: (p, path) => (path[0] === 'name' && p.code === 'not_allowed' ? t('opps.competitors.duplicate') : undefined),
        });
        if (rest.length > 0 || (error.problem.errors ?? []).length === 0) {
          void message.error([problemMessage(error, t), ...rest.map((p) => p.message)].join(' '));
        }
      } else {
        report(error, { onStale });
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={current ? t('opps.competitors.editTitle', { name: current.name }) : t('opps.competitors.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'opp-competitor-save' } as Record<string, string>}
      destroyOnHidden
      data-testid="opp-competitor-dialog"
    >
      <Form form={form} layout="vertical" onFinish={(values) => void save(values)} initialValues={current ?? {}}>
        <Form.Item
          name="name"
          label={t('opps.competitors.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('opps.competitors.name') }) }]}
        >
          <Input maxLength={200} data-testid="opp-competitor-name" />
        </Form.Item>
        <Form.Item name="strengths" label={t('opps.competitors.strengths')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="opp-competitor-strengths" />
        </Form.Item>
        <Form.Item name="weaknesses" label={t('opps.competitors.weaknesses')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} data-testid="opp-competitor-weaknesses" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The other vendors in the deal, each with what makes them strong or weak there. */
export function CompetitorsCard({
  opportunity,
  editable,
  onSaved,
  onStale,
}: {
  opportunity: Opportunity;
  editable: boolean;
  onSaved: (o: Opportunity) => void;
  onStale: () => void;
}) {
  const { t } = useI18n();
  const report = useErrorReporter();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<number | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const list = opportunity.competitors ?? [];

  const remove = async (index: number) => {
    setRemoving(index);
    try {
      const saved = await opportunitiesApi.update(opportunity.id, { competitors: withCompetitor(list, index, null) }, opportunity.version);
      void message.success(t('opps.competitors.removed', { name: list[index].name }));
      onSaved(saved);
    } catch (error) {
      report(error, { onStale });
    } finally {
      setRemoving(null);
    }
  };

  return (
    <Card
      size="small"
      title={t('opps.competitors.title', { count: list.length })}
      extra={
        editable && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(list.length)} data-testid="opp-competitor-add">
            {t('opps.competitors.add')}
          </Button>
        )
      }
      data-testid="opp-competitors"
    >
      {list.length === 0 ? (
        <Typography.Text type="secondary">{t('opps.competitors.empty')}</Typography.Text>
      ) : (
        <List
          size="small"
          className="closer-c360-list"
          dataSource={list}
          renderItem={(competitor, index) => (
            <List.Item data-testid="opp-competitor">
              <Flex vertical gap={2} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" align="center" gap={8}>
                  <Typography.Text strong data-testid="opp-competitor-name-text">
                    {competitor.name}
                  </Typography.Text>
                  {editable && (
                    <span className="closer-competitor__actions">
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(index)}
                        aria-label={t('opps.competitors.editTitle', { name: competitor.name })}
                        data-testid="opp-competitor-edit"
                      />
                      <Popconfirm
                        title={t('opps.competitors.removeConfirm', { name: competitor.name })}
                        okText={t('opps.competitors.remove')}
                        okButtonProps={{ danger: true, ...({ 'data-testid': 'opp-competitor-remove-confirm' } as Record<string, string>) }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(index)}
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          loading={removing === index}
                          aria-label={t('opps.competitors.removeNamed', { name: competitor.name })}
                          data-testid="opp-competitor-remove"
                        />
                      </Popconfirm>
                    </span>
                  )}
                </Flex>
                {competitor.strengths && (
                  <Typography.Text className="closer-competitor__note" data-testid="opp-competitor-strengths-text">
                    <PlusCircleOutlined className="closer-competitor__plus" /> {t('opps.competitors.strengthsLine', { text: competitor.strengths })}
                  </Typography.Text>
                )}
                {competitor.weaknesses && (
                  <Typography.Text className="closer-competitor__note" data-testid="opp-competitor-weaknesses-text">
                    <MinusCircleOutlined className="closer-competitor__minus" /> {t('opps.competitors.weaknessesLine', { text: competitor.weaknesses })}
                  </Typography.Text>
                )}
              </Flex>
            </List.Item>
          )}
        />
      )}
      {editing !== null && (
        <CompetitorDialog
          opportunity={opportunity}
          index={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            onSaved(saved);
          }}
          onStale={() => {
            setEditing(null);
            onStale();
          }}
        />
      )}
    </Card>
  );
}
