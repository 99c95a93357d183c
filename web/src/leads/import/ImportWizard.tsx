import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Progress, Result, Space, Steps, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { leadsApi, MAX_IMPORT_BYTES } from '../../api/leads';
import type { ImportMapping, Job, LeadImport } from '../../api/types';
import { ImportDropzone } from '../../components/import/ImportDropzone';
import { ImportModeChoice } from '../../components/import/ImportModeChoice';
import { percentOf, useJobPolling } from '../../components/import/progress';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { checkMapping, initialMapping, mappingUsable } from './mapping';
import { MappingStep } from './MappingStep';

type Step = 'upload' | 'mapping' | 'options' | 'running' | 'result';
const STEPS: Step[] = ['upload', 'mapping', 'options', 'running', 'result'];

/** Upload → map columns → choose how strict → watch it run → counts and the rejected rows. */
export function ImportWizard() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;

  const [step, setStep] = useState<Step>('upload');
  const [uploading, setUploading] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<LeadImport | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [refreshing, setRefreshing] = useState(false);
  const [keepGood, setKeepGood] = useState(false);
  const [starting, setStarting] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState<LeadImport | null>(null);
  const previewRound = useRef(0);

  // Poll the job every second while it runs; then read the import's counts.
  useJobPolling(step === 'running', job, {
    onJob: setJob,
    onError: report,
    onFinished: () => {
      if (!upload) return;
      leadsApi.importStatus(upload.id).then(
        (answer) => {
          setResult(answer);
          setStep('result');
        },
        (error: unknown) => {
          report(error);
          setStep('result');
        },
      );
    },
  });

  const reset = () => {
    setStep('upload');
    setFile(null);
    setUpload(null);
    setMapping({});
    setJob(null);
    setResult(null);
    setKeepGood(false);
  };

  const uploadFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      void message.error(t('import.upload.tooLarge'));
      return;
    }
    setUploading(true);
    try {
      const answer = await leadsApi.upload(file);
      setFile(file);
      setUpload(answer);
      setMapping(initialMapping(answer.columns));
      setStep('mapping');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 413) void message.error(t('import.upload.tooLarge'));
      else report(caught);
    } finally {
      setUploading(false);
    }
  };

  const changeMapping = async (next: ImportMapping) => {
    setMapping(next);
    if (!upload || !mappingUsable(checkMapping(next))) return;
    const round = ++previewRound.current;
    setRefreshing(true);
    try {
      const answer = await leadsApi.importPreview(upload.id, next);
      if (round === previewRound.current) setUpload(answer);
    } catch (caught) {
      report(caught);
    } finally {
      if (round === previewRound.current) setRefreshing(false);
    }
  };

  const start = async (keep: boolean, target: LeadImport | null = upload) => {
    if (!target) return;
    setStarting(true);
    try {
      const started = await leadsApi.startImport(target.id, { mapping, keep_good_rows: keep });
      setResult(null);
      setJob(started);
      setStep('running');
    } catch (caught) {
      report(caught);
    } finally {
      setStarting(false);
    }
  };

  // A started import cannot run again: the good rows go in as a fresh upload of the same
  // file, with the same mapping.
  const importGoodRows = async () => {
    if (!file) return;
    setStarting(true);
    try {
      const again = await leadsApi.upload(file);
      setUpload(again);
      await start(true, again);
    } catch (caught) {
      report(caught);
      setStarting(false);
    }
  };

  const stepIndex = STEPS.indexOf(step);
  const percent = step === 'result' && job?.status === 'done' ? 100 : percentOf(job);
  const imported = result?.imported ?? 0;
  const rejected = result?.rejected ?? 0;
  // All or nothing with bad rows: the server marks the import failed and keeps nothing.
  const refusedAll = Boolean(result && !result.keep_good_rows && rejected > 0 && imported === 0);
  const failed = !refusedAll && (job?.status === 'failed' || result?.status === 'failed');
  const check = checkMapping(mapping);
  const badPreviewRows = upload?.preview.filter((row) => row.errors.length > 0).length ?? 0;

  const body = (() => {
    switch (step) {
      case 'upload':
        return (
          <ImportDropzone uploading={uploading} onFile={(file) => void uploadFile(file)} />
        );
      case 'mapping':
        return upload ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('import.mapping.intro', { file: upload.file_name, rows: upload.rows_total })}
            </Typography.Text>
            <MappingStep upload={upload} mapping={mapping} onChange={changeMapping} refreshing={refreshing} />
            <Flex justify="space-between">
              <Button onClick={reset}>{t('import.startOver')}</Button>
              <Button type="primary" disabled={!mappingUsable(check)} onClick={() => setStep('options')} data-testid="import-next">
                {t('import.next')}
              </Button>
            </Flex>
          </Space>
        ) : null;
      case 'options':
        return upload ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('import.options.file')}>{upload.file_name}</Descriptions.Item>
              <Descriptions.Item label={t('import.options.rows')}>{upload.rows_total}</Descriptions.Item>
              <Descriptions.Item label={t('import.options.previewErrors')}>
                {t('import.options.previewErrorsValue', { bad: badPreviewRows, shown: upload.preview.length })}
              </Descriptions.Item>
            </Descriptions>
            <ImportModeChoice keepGood={keepGood} onChange={setKeepGood} />
            <Flex justify="space-between">
              <Button onClick={() => setStep('mapping')}>{t('import.back')}</Button>
              <Button type="primary" loading={starting} onClick={() => start(keepGood)} data-testid="import-start">
                {t('import.options.start')}
              </Button>
            </Flex>
          </Space>
        ) : null;
      case 'running':
        return (
          <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-running">
            <Typography.Text>{t('import.running.title')}</Typography.Text>
            <Progress percent={percent} status="active" data-testid="import-progress" />
            <Typography.Text type="secondary">
              {t('import.running.rows', { done: job?.progress.done ?? 0, total: job?.progress.total ?? 0 })}
            </Typography.Text>
          </Space>
        );
      case 'result':
        return (
          <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="import-result">
            <Progress percent={percent} status={failed ? 'exception' : refusedAll ? 'normal' : 'success'} data-testid="import-progress" />
            <Result
              status={refusedAll ? 'warning' : failed ? 'error' : 'success'}
              style={{ padding: '8px 0' }}
              title={
                refusedAll
                  ? t('import.result.refused')
                  : failed
                    ? t('import.result.failed')
                    : t('import.result.done')
              }
              subTitle={
                refusedAll
                  ? t('import.result.refusedHelp', { rejected })
                  : failed
                    ? (result?.error ?? job?.error ?? undefined)
                    : undefined
              }
            />
            <Descriptions column={phone ? 1 : 3} size="small" bordered data-testid="import-counts">
              <Descriptions.Item label={t('import.result.imported')}>
                <span data-testid="import-imported">{imported}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('import.result.rejected')}>
                <span data-testid="import-rejected">{rejected}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('import.result.warnings')}>
                <span data-testid="import-warnings">{result?.warnings ?? 0}</span>
              </Descriptions.Item>
            </Descriptions>
            <Flex gap={8} wrap>
              {upload && rejected > 0 && (
                <Button icon={<DownloadOutlined />} href={leadsApi.rejectedUrl(upload.id)} download data-testid="import-rejected-download">
                  {t('import.result.download')}
                </Button>
              )}
              {refusedAll && (
                <Button type="primary" loading={starting} onClick={importGoodRows} data-testid="import-keep-good">
                  {t('import.result.importGood')}
                </Button>
              )}
              <Button onClick={reset} data-testid="import-again">
                {t('import.result.another')}
              </Button>
              {!refusedAll && imported > 0 && (
                <Button type="primary" onClick={() => navigate('/leads')} data-testid="import-see-leads">
                  {t('import.result.seeLeads')}
                </Button>
              )}
            </Flex>
          </Space>
        );
      default:
        return null;
    }
  })();

  return (
    <div data-testid="import-page">
      <Link to="/leads" className="closer-back-link">
        <ArrowLeftOutlined /> {t('nav.leads')}
      </Link>
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <Card className="closer-page-card">
        {phone ? (
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="import-steps">
            {t('import.stepOf', { n: stepIndex + 1, total: STEPS.length, step: tx(`import.step.${step}`, step) })}
          </Typography.Title>
        ) : (
          <Steps
            size="small"
            current={stepIndex}
            status={step === 'result' && (failed || refusedAll) ? 'error' : undefined}
            items={STEPS.map((s) => ({ title: tx(`import.step.${s}`, s) }))}
            style={{ marginBottom: 24 }}
            data-testid="import-steps"
          />
        )}
        {step === 'mapping' && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('import.recognisedHint')} />
        )}
        {body}
      </Card>
    </div>
  );
}
