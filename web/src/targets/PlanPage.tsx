import { ArrowLeftOutlined, BranchesOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Skeleton, Space, Tabs, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { targetsApi, type TargetPlan } from '../api/targets';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { applyFieldProblems } from '../lib/formProblems';
import { formatDateTime } from '../lib/format';
import { problemMessage } from '../lib/problem';
import { useLoader } from '../lib/useLoader';
import { decimalsOf, normalize } from './allocation';
import { AllocationScreen } from './AllocationScreen';
import { CompletionView } from './CompletionView';
import { MetricTag, PlanStatusTag, useAmountFormat } from './labels';
import type { LastPeriod } from './LastPeriodCard';
import { lastFinished, periodText, todayIn } from './period';
import './targets.css';

/** "New version": asks why, then opens the new draft (the allocations copied). */
function NewVersionDialog({ plan, onClose }: { plan: TargetPlan; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    try {
      const next = await targetsApi.newVersion(plan.id, reason.trim());
      void message.success(t('targets.version.made', { version: next.version }));
      onClose();
      navigate(`/targets/${next.id}`);
    } catch (error) {
      const rest = applyFieldProblems(form, error);
      if (!(error instanceof ApiError) || rest.length > 0 || (error.problem.errors?.length ?? 0) === 0) void message.error(problemMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('targets.version.title', { version: plan.version + 1 })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('targets.version.action')}
      confirmLoading={saving}
      okButtonProps={{ 'data-testid': 'version-confirm' } as Record<string, string>}
      destroyOnHidden
      data-testid="version-dialog"
    >
      <Typography.Paragraph type="secondary">{t('targets.version.body')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(values) => void submit(values)}>
        <Form.Item name="reason" label={t('targets.version.reason')} rules={[{ required: true, whitespace: true, message: t('targets.version.reasonRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} data-testid="version-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A draft's name and total. */
function EditPlanDialog({ plan, onClose, onSaved }: { plan: TargetPlan; onClose: () => void; onSaved: (plan: TargetPlan) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; total: string }>();
  const [saving, setSaving] = useState(false);
  const decimals = decimalsOf(plan.metric);
  const submit = async (values: { name: string; total: string }) => {
    setSaving(true);
    try {
      const saved = await targetsApi.updatePlan(plan.id, { name: values.name.trim(), total: normalize(values.total, decimals) || String(values.total) });
      void message.success(t('targets.edit.saved'));
      onSaved(saved);
    } catch (error) {
      const rest = applyFieldProblems(form, error);
      if (!(error instanceof ApiError) || rest.length > 0 || (error.problem.errors?.length ?? 0) === 0) void message.error(problemMessage(error, t));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('targets.edit.title')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={saving} destroyOnHidden data-testid="plan-edit-dialog">
      <Form form={form} layout="vertical" initialValues={{ name: plan.name, total: plan.total }} onFinish={(values) => void submit(values)}>
        <Form.Item name="name" label={t('targets.field.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="total" label={t('targets.field.total')} rules={[{ required: true }]}>
          <InputNumber<string> stringMode min="0" precision={decimals} style={{ width: '100%' }} data-testid="plan-edit-total" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * A target plan: its allocation screen and its completion dashboard as two tabs
 * (`/targets/:id` and `/targets/:id/completion`), with Lock and New version for managers.
 */
export function PlanPage() {
  const { id = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const { t, language } = useI18n();
  const { user, can } = useSession();
  const record = useLoader(useCallback(() => targetsApi.plan(id), [id]));
  const plan = record.data;
  const tab = pathname.endsWith('/completion') ? 'completion' : 'allocation';
  const [versioning, setVersioning] = useState(false);
  const [editing, setEditing] = useState(false);
  const [lastKind, setLastKind] = useState<'month' | 'quarter'>('month');
  const format = useAmountFormat(plan?.metric);
  const manage = can('targets.manage');

  const today = todayIn(user.tenant.time_zone);
  const last = plan ? lastFinished(lastKind, plan.year, today) : null;
  const lastText = last ? periodText(last) : null;
  const planId = plan?.id;
  const lastCompletion = useLoader(
    useCallback(() => (lastText && planId ? targetsApi.completion(planId, lastText) : Promise.resolve(undefined)), [planId, lastText]),
  );
  const lastLabel = useMemo(() => {
    if (!last) return '';
    if (last.kind === 'quarter') return t('period.quarterOf', { quarter: last.index, year: last.year });
    return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long' }).format(new Date(last.year, last.index - 1, 15));
  }, [last, language, t]);
  const lastPeriod: LastPeriod = {
    kind: lastKind,
    setKind: setLastKind,
    period: lastText,
    label: lastLabel,
    completion: lastCompletion.data,
    error: lastCompletion.error,
  };

  if (record.error && !plan) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!plan) return <Skeleton active />;

  const draft = plan.status === 'draft';
  const replace = (saved: TargetPlan) => record.setData(() => saved);

  return (
    <div className="closer-page" data-testid="plan-page" data-status={plan.status}>
      <Link to={`/targets?year=${plan.year}`} className="closer-back-link">
        <ArrowLeftOutlined /> {t('targets.back')}
      </Link>
      <PageHeader
        title={<span data-testid="plan-title">{plan.name}</span>}
        subtitle={
          <Space size={4} wrap>
            <MetricTag metric={plan.metric} />
            <PlanStatusTag status={plan.status} />
            <Typography.Text type="secondary" data-testid="plan-summary">
              {t('targets.summary', { year: plan.year, total: format(plan.total), version: plan.version })}
            </Typography.Text>
          </Space>
        }
        extra={
          manage &&
          (draft || !plan.superseded_by) && (
            <Space wrap className="closer-target-actions">
              {draft && (
                <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="plan-edit">
                  {t('common.edit')}
                </Button>
              )}
              {!plan.superseded_by && (
                <Button icon={<BranchesOutlined />} onClick={() => setVersioning(true)} data-testid="plan-new-version">
                  {t('targets.version.action')}
                </Button>
              )}
            </Space>
          )
        }
      />
      {plan.superseded_by && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="plan-superseded-banner"
          message={t('targets.version.superseded')}
          action={
            <Link to={`/targets/${plan.superseded_by}`}>
              <Button size="small">{t('targets.version.openNewer')}</Button>
            </Link>
          }
        />
      )}
      {plan.previous_id && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          data-testid="plan-previous-banner"
          message={
            <span>
              {t('targets.version.madeBecause', { version: plan.version, reason: plan.reason ?? '—' })}{' '}
              <Link to={`/targets/${plan.previous_id}`}>{t('targets.version.openPrevious')}</Link>
            </span>
          }
        />
      )}
      {plan.status === 'locked' && plan.locked_at && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="plan-locked-note">
          {t('targets.lockedAt', { at: formatDateTime(plan.locked_at, language) })}
        </Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(key === 'completion' ? `/targets/${plan.id}/completion` : `/targets/${plan.id}`)}
        items={[
          { key: 'allocation', label: <span data-testid="plan-tab-allocation">{t('targets.tab.allocation')}</span> },
          { key: 'completion', label: <span data-testid="plan-tab-completion">{t('targets.tab.completion')}</span> },
        ]}
      />
      {tab === 'allocation' ? (
        <AllocationScreen
          key={`${plan.id}:${plan.status}`}
          plan={plan}
          editable={manage && draft && !plan.superseded_by}
          lastPeriod={lastPeriod}
          onSaved={replace}
        />
      ) : (
        <CompletionView plan={plan} />
      )}
      {versioning && <NewVersionDialog plan={plan} onClose={() => setVersioning(false)} />}
      {editing && (
        <EditPlanDialog
          plan={plan}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            replace(saved);
            setEditing(false);
          }}
        />
      )}
    </div>
  );
}
