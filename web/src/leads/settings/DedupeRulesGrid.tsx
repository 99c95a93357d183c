import { App, Button, Radio, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import type { DedupeAction, DedupeKind, DedupeRule, DedupeRules } from '../../api/freeform';
import { leadsApi } from '../../api/leads';
import type { LeadSettings } from '../../api/types';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';

const KINDS: DedupeKind[] = ['company', 'phone', 'email', 'credit_code'];
const ACTIONS: DedupeAction[] = ['off', 'warn', 'block'];

/** What each kind of duplicate does, on create and on update: nothing, warn or block. */
export function DedupeRulesGrid({
  settings,
  editable,
  onSaved,
}: {
  settings: LeadSettings;
  editable: boolean;
  onSaved: (settings: LeadSettings) => void;
}) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const [rules, setRules] = useState<DedupeRules>(settings.dedupe);
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(rules) !== JSON.stringify(settings.dedupe);

  const set = (kind: DedupeKind, when: keyof DedupeRule, action: DedupeAction) =>
    setRules((previous) => ({ ...previous, [kind]: { ...previous[kind], [when]: action } }));

  const save = async () => {
    setSaving(true);
    try {
      const saved = await leadsApi.updateSettings({ dedupe: rules });
      setRules(saved.dedupe);
      onSaved(saved);
      void message.success(t('leadSettings.saved'));
    } catch (caught) {
      report(caught);
    } finally {
      setSaving(false);
    }
  };

  const picker = (kind: DedupeKind, when: keyof DedupeRule) => (
    <Radio.Group
      optionType="button"
      buttonStyle="solid"
      size="small"
      disabled={!editable}
      value={rules[kind]?.[when] ?? 'warn'}
      onChange={(event) => set(kind, when, event.target.value as DedupeAction)}
      options={ACTIONS.map((action) => ({ value: action, label: tx(`leadSettings.dedupe.action.${action}`, action) }))}
      data-testid={`dedupe-${kind}-${when}`}
    />
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('leadSettings.dedupe.explain')}
      </Typography.Paragraph>
      <Table<{ kind: DedupeKind }>
        rowKey="kind"
        size="small"
        pagination={false}
        scroll={{ x: 520 }}
        dataSource={KINDS.map((kind) => ({ kind }))}
        columns={[
          {
            title: t('leadSettings.dedupe.kind'),
            dataIndex: 'kind',
            width: 140,
            render: (kind: DedupeKind) => tx(`leadSettings.dedupe.kind.${kind}`, kind),
          },
          { title: t('leadSettings.dedupe.onCreate'), key: 'create', render: (_, row) => picker(row.kind, 'on_create') },
          { title: t('leadSettings.dedupe.onUpdate'), key: 'update', render: (_, row) => picker(row.kind, 'on_update') },
        ]}
        data-testid="dedupe-grid"
      />
      {editable && (
        <Button type="primary" disabled={!dirty} loading={saving} onClick={save} data-testid="dedupe-save">
          {t('common.save')}
        </Button>
      )}
    </Space>
  );
}
