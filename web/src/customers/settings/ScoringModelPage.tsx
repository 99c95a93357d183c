import { PlusOutlined, ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Progress, Row, Skeleton, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError } from '../../api/client';
import { customersApi } from '../../api/customers';
import type { Job } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { applyFieldProblems } from '../../lib/formProblems';
import { problemMessage } from '../../lib/problem';
import { useLoader } from '../../lib/useLoader';
import '../customers.css';
import { RuleCard } from './RuleCard';
import { defaultCondition, formFromModel, formPath, modelFromForm, newRuleKey, valuesField, type ModelValues } from './scoringForm';

const POLL_MS = 1000;

const POLL_LIMIT = 180;

/** Follows the recompute job a save starts until it ends (or three minutes pass). */
function useJob(job: Job | null) {
  const [state, setState] = useState<Job | null>(job);
  useEffect(() => {
    if (!job) return;
    let live = true;
    let rounds = 0;
    const tick = async () => {
      while (live && rounds < POLL_LIMIT) {
        rounds += 1;
        try {
          const next = await api.job(job.id);
          if (!live) return;
          setState(next);
          if (next.status === 'done' || next.status === 'failed') return;
        } catch {
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    void tick();
    return () => {
      live = false;
    };
  }, [job]);
  return state && job && state.id === job.id ? state : job;
}

function RecomputeStatus({ job }: { job: Job }) {
  const { t } = useI18n();
  const { done, total } = job.progress;
  if (job.status === 'failed') return <Alert type="error" showIcon message={t('scoring.recomputeFailed')} data-testid="scoring-recompute" />;
  if (job.status === 'done')
    return <Alert type="success" showIcon message={t('scoring.recomputed')} data-testid="scoring-recompute" data-status="done" />;
  return (
    <Alert
      type="info"
      showIcon
      data-testid="scoring-recompute"
      data-status={job.status}
      message={t('scoring.recomputing')}
      description={total > 0 ? <Progress percent={Math.round((done / total) * 100)} size="small" /> : undefined}
    />
  );
}

/**
 * The scoring model (智能打分) an administrator edits: weighted rules over a customer's fields
 * and behaviour, and the grade cut-offs. Saving recomputes every score in the background.
 */
export function ScoringModelPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const editable = can('settings.manage');
  const load = useCallback(() => customersApi.scoringModel(), []);
  const loaded = useLoader(load);
  const [form] = Form.useForm<ModelValues>();
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [job, setJob] = useState<Job | null>(null);
  const followed = useJob(job);
  const rules = Form.useWatch('rules', form);
  const maxPoints = (rules ?? []).reduce((sum, rule) => sum + (rule?.weight ?? 0), 0);

  const initial = useMemo(() => (loaded.data ? formFromModel(loaded.data.model) : undefined), [loaded.data]);

  const reset = () => {
    // Back to the model as last loaded or saved (the form's initial values follow it).
    form.resetFields();
    setProblems([]);
  };

  const showProblems = (error: unknown) => {
    const fieldProblems = error instanceof ApiError ? (error.problem.errors ?? []) : [];
    const loose = applyFieldProblems(form, error, { rename: valuesField });
    const said = loose.map((problem) => (problem.field === 'rules' ? problem.message : `${problem.field}: ${problem.message}`));
    setProblems(fieldProblems.length ? said : [problemMessage(error, t)]);
    const first = fieldProblems.find((problem) => !loose.includes(problem));
    if (first) {
      void message.error(t('scoring.fixFields'));
      form.scrollToField(formPath(first.field), { block: 'center', behavior: 'smooth' });
    } else {
      window.scrollTo({ top: 0, behavior: 'smooth' });
    }
  };

  const save = async (values: ModelValues) => {
    setSaving(true);
    setProblems([]);
    try {
      const answer = await customersApi.saveScoringModel(modelFromForm(values));
      loaded.setData(() => answer);
      setJob(answer.recompute);
      void message.success(t('scoring.saved'));
    } catch (caught) {
      showProblems(caught);
    } finally {
      setSaving(false);
    }
  };

  if (loaded.error && !loaded.data) return <LoadError error={loaded.error} onRetry={loaded.reload} />;

  return (
    <div data-testid="scoring-page">
      <PageHeader title={t('scoring.title')} subtitle={t('scoring.subtitle')} />
      {!loaded.data ? (
        <Skeleton active />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={initial}
          onFinish={save}
          onFinishFailed={({ errorFields }) => {
            void message.error(t('scoring.fixFields'));
            if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center', behavior: 'smooth' });
          }}
          disabled={!editable}
          data-testid="scoring-form"
        >
          <Flex vertical gap={16}>
            {!editable && <Alert type="info" showIcon message={t('scoring.readOnly')} />}
            {followed && <RecomputeStatus job={followed} />}
            {problems.length > 0 && (
              <Alert type="error" showIcon message={t('scoring.notSaved')} description={problems.join(' ')} data-testid="scoring-problems" />
            )}
            <Card
              title={t('scoring.grades.title')}
              className="closer-page-card"
              size="small"
              extra={
                <Typography.Text type="secondary" data-testid="scoring-max">
                  {t('scoring.maxPoints', { points: maxPoints })}
                </Typography.Text>
              }
            >
              <Typography.Paragraph type="secondary">{t('scoring.grades.help')}</Typography.Paragraph>
              <Row gutter={12}>
                {(['a', 'b', 'c'] as const).map((grade) => (
                  <Col xs={8} md={4} key={grade}>
                    <Form.Item
                      name={['grades', grade]}
                      label={t('scoring.grades.cutoff', { grade: grade.toUpperCase() })}
                      rules={[{ required: true, message: t('validation.required', { field: grade.toUpperCase() }) }]}
                    >
                      <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} data-testid={`grade-${grade}`} />
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={24} md={12}>
                  <Typography.Text type="secondary">{t('scoring.grades.d')}</Typography.Text>
                </Col>
              </Row>
            </Card>
            <Form.List name="rules">
              {(fields, { add, remove }) => (
                <Card title={t('scoring.rules.title', { count: fields.length })} className="closer-page-card" size="small">
                  <Typography.Paragraph type="secondary">{t('scoring.rules.help')}</Typography.Paragraph>
                  {fields.map((field, index) => (
                    <RuleCard
                      key={field.key}
                      form={form}
                      name={field.name}
                      index={index}
                      maxPoints={maxPoints}
                      editable={editable}
                      onRemove={() => remove(field.name)}
                    />
                  ))}
                  {editable && (
                    <Button
                      type="dashed"
                      block
                      icon={<PlusOutlined />}
                      onClick={() =>
                        add({
                          key: newRuleKey(form.getFieldValue('rules') ?? []),
                          label: '',
                          weight: 10,
                          condition: defaultCondition('field_in'),
                        })
                      }
                      data-testid="rule-add"
                    >
                      {t('scoring.rules.add')}
                    </Button>
                  )}
                </Card>
              )}
            </Form.List>
            {editable && (
              <Flex gap={8} justify="flex-end" wrap className="closer-scoring-actions">
                <Button icon={<ReloadOutlined />} onClick={reset} data-testid="scoring-reset">
                  {t('scoring.discard')}
                </Button>
                <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="scoring-save">
                  {t('scoring.save')}
                </Button>
              </Flex>
            )}
          </Flex>
        </Form>
      )}
    </div>
  );
}
