import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Progress, Result, Space, Steps, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { canOpen } from '../../app/access';
import { useSession } from '../../auth/session';
import { MAX_IMPORT_BYTES } from '../../api/leads';
import { dealImportApi, opportunitiesApi } from '../../api/opportunities';
import { productsApi } from '../../api/products';
import type { DealImport, ImportMapping, Job, Process, Product, UnmatchedValue } from '../../api/types';
import { ColumnMappingTable } from '../../components/import/ColumnMappingTable';
import { ImportDropzone } from '../../components/import/ImportDropzone';
import { ImportModeChoice } from '../../components/import/ImportModeChoice';
import { percentOf, useJobPolling } from '../../components/import/progress';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { useLoader } from '../../lib/useLoader';
import { initialMapping } from '../../leads/import/mapping';
import { stageName } from '../lookups';
import '../opportunities.css';
import {
  checkDealMapping,
  dealMappingUsable,
  NO_CHOICES,
  remember,
  valueMapping,
  valueRows,
  withSuggestions,
  type ValueChoices,
} from './dealMapping';
import { DealPreview } from './DealPreview';
import { ValuesStep, type ValueOptions } from './ValuesStep';

type Step = 'upload' | 'columns' | 'values' | 'preview' | 'running' | 'result';
const STEPS: Step[] = ['upload', 'columns', 'values', 'preview', 'running', 'result'];

function stageOptionsOf(processes: Process[], language: 'zh-CN' | 'en-US'): ValueOptions {
  const list = (process: Process) =>
    [...process.stages].sort((a, b) => a.position - b.position).map((stage) => ({ value: stage.id, label: stageName(stage, language) }));
  if (processes.length <= 1) return processes[0] ? list(processes[0]) : [];
  return processes.map((process) => ({ label: process.name, options: list(process) }));
}

/**
 * Import opportunities with their history: upload → map columns → map the stage and product
 * values that name nothing → preview and choose how strict → watch it run → counts (imported,
 * rejected, skipped as already there) and the report of the rows left out.
 */
export function DealImportWizard() {
  const { t, tx, language } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const { can } = useSession();

  const [step, setStep] = useState<Step>('upload');
  const [uploading, setUploading] = useState(false);
  const [upload, setUpload] = useState<DealImport | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [choices, setChoices] = useState<ValueChoices>(NO_CHOICES);
  const [known, setKnown] = useState<{ stages: UnmatchedValue[]; products: UnmatchedValue[] }>({ stages: [], products: [] });
  const [refreshing, setRefreshing] = useState(false);
  const [keepGood, setKeepGood] = useState(false);
  const [starting, setStarting] = useState(false);
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState<DealImport | null>(null);
  const previewRound = useRef(0);

  const processes = useLoader(useCallback(() => opportunitiesApi.processes().catch(() => [] as Process[]), []));
  const products = useLoader(useCallback(() => productsApi.list().catch(() => [] as Product[]), []));
  const stageOptions = useMemo(() => stageOptionsOf(processes.data ?? [], language), [processes.data, language]);
  const productOptions = useMemo(() => (products.data ?? []).map((p) => ({ value: p.id, label: p.name })), [products.data]);

  useJobPolling(step === 'running', job, {
    onJob: setJob,
    onError: report,
    onFinished: () => {
      if (!upload) return;
      dealImportApi.status(upload.id).then(
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
    setUpload(null);
    setMapping({});
    setChoices(NO_CHOICES);
    setKnown({ stages: [], products: [] });
    setJob(null);
    setResult(null);
    setKeepGood(false);
  };

  /** Takes a fresh preview: the rows, and the values that still name nothing. */
  const take = (answer: DealImport) => {
    setUpload(answer);
    setKnown((previous) => ({
      stages: remember(previous.stages, answer.unmatched.stages),
      products: remember(previous.products, answer.unmatched.products),
    }));
  };

  const refresh = async (target: DealImport, nextMapping: ImportMapping, nextChoices: ValueChoices) => {
    const round = ++previewRound.current;
    setRefreshing(true);
    try {
      const answer = await dealImportApi.preview(target.id, { mapping: nextMapping, values: valueMapping(nextChoices) });
      if (round === previewRound.current) take(answer);
    } catch (caught) {
      report(caught);
    } finally {
      if (round === previewRound.current) setRefreshing(false);
    }
  };

  const uploadFile = async (file: File) => {
    if (file.size > MAX_IMPORT_BYTES) {
      void message.error(t('import.upload.tooLarge'));
      return;
    }
    setUploading(true);
    try {
      const answer = await dealImportApi.upload(file);
      const startMapping = initialMapping(answer.columns);
      const startChoices = withSuggestions(NO_CHOICES, answer.unmatched);
      setMapping(startMapping);
      setChoices(startChoices);
      setKnown({ stages: [], products: [] });
      take(answer);
      setStep('columns');
      // Suggested products count at once: the preview shows their rows as they will go in.
      if (Object.keys(startChoices.product).length > 0) void refresh(answer, startMapping, startChoices);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 413) void message.error(t('import.upload.tooLarge'));
      else report(caught);
    } finally {
      setUploading(false);
    }
  };

  const check = checkDealMapping(mapping);
  const usable = dealMappingUsable(check);

  const changeMapping = (next: ImportMapping) => {
    setMapping(next);
    if (upload && dealMappingUsable(checkDealMapping(next))) void refresh(upload, next, choices);
  };

  const changeChoices = (next: ValueChoices) => {
    setChoices(next);
    if (upload) void refresh(upload, mapping, next);
  };

  const start = async (keep: boolean) => {
    if (!upload) return;
    setStarting(true);
    try {
      const started = await dealImportApi.start(upload.id, { mapping, values: valueMapping(choices), keep_good_rows: keep });
      setResult(null);
      setJob(started);
      setStep('running');
    } catch (caught) {
      report(caught);
    } finally {
      setStarting(false);
    }
  };

  const stageRows = upload ? valueRows(known.stages, upload.unmatched.stages, choices.stage) : [];
  const productRows = upload ? valueRows(known.products, upload.unmatched.products, choices.product) : [];
  const fieldLabel = (field: string) => tx(`dealImport.field.${field}`, field);
  const optionLabel = (options: ValueOptions, id: string) =>
    options.flatMap((o) => ('options' in o ? o.options : [o])).find((o) => o.value === id)?.label;
  const mappedTo = (field: string, value: string) => {
    const id = field === 'stage' ? choices.stage[value] : field === 'product' ? choices.product[value] : undefined;
    return id ? optionLabel(field === 'stage' ? stageOptions : productOptions, id) : undefined;
  };

  const stepIndex = STEPS.indexOf(step);
  const percent = step === 'result' && job?.status === 'done' ? 100 : percentOf(job);
  const imported = result?.imported ?? 0;
  const rejected = result?.rejected ?? 0;
  const skipped = result?.skipped ?? 0;
  // All or nothing with bad rows: the server marks the import failed and keeps nothing; it
  // may start again, keeping the good rows.
  const refusedAll = Boolean(result && !result.keep_good_rows && rejected > 0 && imported === 0);
  const failed = !refusedAll && (job?.status === 'failed' || result?.status === 'failed');

  const body = (() => {
    switch (step) {
      case 'upload':
        return <ImportDropzone uploading={uploading} onFile={(file) => void uploadFile(file)} />;
      case 'columns':
        return upload ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="mapping-step">
            <Alert type="info" showIcon message={t('dealImport.recognisedHint')} />
            <Typography.Text type="secondary">{t('import.mapping.intro', { file: upload.file_name, rows: upload.rows_total })}</Typography.Text>
            {check.missing.length > 0 && (
              <Alert
                type="error"
                showIcon
                message={t('dealImport.mapping.needed', { fields: check.missing.map(fieldLabel).join(t('common.listSeparator')) })}
                data-testid="mapping-missing"
              />
            )}
            {check.repeated.length > 0 && (
              <Alert
                type="error"
                showIcon
                message={t('import.mapping.repeated', { fields: check.repeated.map(fieldLabel).join(t('common.listSeparator')) })}
                data-testid="mapping-repeated"
              />
            )}
            <ColumnMappingTable
              columns={upload.columns}
              fields={upload.fields}
              mapping={mapping}
              onChange={changeMapping}
              repeated={check.repeated}
              fieldLabel={fieldLabel}
              fieldTitle={t('dealImport.mapping.field')}
            />
            <Flex justify="space-between" gap={8}>
              <Button onClick={reset}>{t('import.startOver')}</Button>
              <Button type="primary" disabled={!usable} loading={refreshing} onClick={() => setStep('values')} data-testid="import-next">
                {t('import.next')}
              </Button>
            </Flex>
          </Space>
        ) : null;
      case 'values':
        return upload ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <ValuesStep
              stages={stageRows}
              products={productRows}
              choices={choices}
              onChange={changeChoices}
              stageOptions={stageOptions}
              productOptions={productOptions}
              refreshing={refreshing}
            />
            <Flex justify="space-between" gap={8}>
              <Button onClick={() => setStep('columns')}>{t('import.back')}</Button>
              <Button type="primary" loading={refreshing} onClick={() => setStep('preview')} data-testid="import-next">
                {t('import.next')}
              </Button>
            </Flex>
          </Space>
        ) : null;
      case 'preview':
        return upload ? (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <DealPreview upload={upload} mapping={mapping} refreshing={refreshing} mappedTo={mappedTo} />
            <ImportModeChoice keepGood={keepGood} onChange={setKeepGood} />
            <Flex justify="space-between" gap={8}>
              <Button onClick={() => setStep('values')}>{t('import.back')}</Button>
              <Button type="primary" loading={starting} disabled={refreshing} onClick={() => void start(keepGood)} data-testid="import-start">
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
              title={refusedAll ? t('import.result.refused') : failed ? t('import.result.failed') : t('import.result.done')}
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
              <Descriptions.Item label={t('dealImport.result.skipped')}>
                <span data-testid="import-skipped">{skipped}</span>
              </Descriptions.Item>
            </Descriptions>
            <Flex gap={8} wrap>
              {upload && rejected + skipped > 0 && (
                <Button icon={<DownloadOutlined />} href={dealImportApi.rejectedUrl(upload.id)} download data-testid="import-rejected-download">
                  {t('dealImport.result.download')}
                </Button>
              )}
              {refusedAll && (
                <Button type="primary" loading={starting} onClick={() => void start(true)} data-testid="import-keep-good">
                  {t('import.result.importGood')}
                </Button>
              )}
              <Button onClick={reset} data-testid="import-again">
                {t('import.result.another')}
              </Button>
              {!refusedAll && imported > 0 && canOpen('/analytics', can) && (
                <Button onClick={() => navigate('/analytics?period=all')} data-testid="import-see-analytics">
                  {t('dealImport.result.seeAnalytics')}
                </Button>
              )}
              {!refusedAll && imported > 0 && (
                <Button type="primary" onClick={() => navigate('/opportunities?view=list')} data-testid="import-see-deals">
                  {t('dealImport.result.seeDeals')}
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
    <div data-testid="import-page" className="closer-deal-import">
      <Link to="/opportunities" className="closer-back-link">
        <ArrowLeftOutlined /> {t('nav.opportunities')}
      </Link>
      <PageHeader title={t('dealImport.title')} subtitle={t('dealImport.subtitle')} />
      <Card className="closer-page-card">
        {phone ? (
          <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="import-steps">
            {t('import.stepOf', { n: stepIndex + 1, total: STEPS.length, step: tx(`dealImport.step.${step}`, step) })}
          </Typography.Title>
        ) : (
          <Steps
            size="small"
            current={stepIndex}
            status={step === 'result' && (failed || refusedAll) ? 'error' : undefined}
            items={STEPS.map((s) => ({ title: tx(`dealImport.step.${s}`, s) }))}
            style={{ marginBottom: 24 }}
            data-testid="import-steps"
          />
        )}
        {body}
      </Card>
    </div>
  );
}
