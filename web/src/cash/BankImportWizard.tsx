import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Progress, Result, Spin, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { cashApi, type BankMapping, type BankPreview, type BankRole } from '../api/cash';
import { api, ApiError } from '../api/client';
import type { BankRejectedRow } from '../api/freeform';
import { MAX_IMPORT_BYTES } from '../api/leads';
import type { FieldProblem, Job } from '../api/types';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { problemMessage } from '../lib/problem';
import { useErrorReporter } from '../lib/useErrorReporter';
import { BANK_ROLES, bankMappingQuery, bankRoleProblems, checkBankMapping, importResult, initialBankMapping, jobPercent } from './bank';
import { BankMappingStep } from './BankMappingStep';
import './cash.css';

type Step = 'upload' | 'mapping' | 'running' | 'result';
const STEPS: Step[] = ['upload', 'mapping', 'running', 'result'];
const POLL_MS = 1000;

/**
 * A bank statement (CSV or XLSX: date, payer, amount, money paid out, reference) paid in:
 * upload → which column is which (as recognised, over the file's first rows) → a progress
 * bar while the job runs → what was paid in, what waits to be matched, what was seen before
 * and which rows were refused, and why.
 */
export function BankImportWizard() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [step, setStep] = useState<Step>('upload');
  const [uploading, setUploading] = useState(false);
  const [fileName, setFileName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<BankPreview | null>(null);
  const [mapping, setMapping] = useState<BankMapping | null>(null);
  // The import's field problems, beside the picker of the role each is about.
  const [problems, setProblems] = useState<Partial<Record<BankRole, FieldProblem>>>({});
  // Why the file cannot be read (the preview's 422 on `file`), over the drop zone.
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [rowsTotal, setRowsTotal] = useState(0);
  const [job, setJob] = useState<Job | null>(null);
  // The job cannot be read (404): the rows still go in; their result shows in the lists.
  const [unreadable, setUnreadable] = useState(false);

  // Poll the job every second while it runs.
  useEffect(() => {
    if (step !== 'running' || !job) return;
    if (job.status === 'done' || job.status === 'failed') {
      const timer = setTimeout(() => setStep('result'), 0);
      return () => clearTimeout(timer);
    }
    const timer = setTimeout(() => {
      api.job(job.id).then(setJob, (error: unknown) => {
        if (error instanceof ApiError && error.status === 404) setUnreadable(true);
        else report(error);
        setStep('result');
      });
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [step, job, report]);

  /** Reads the file's header and first rows, and what the server recognised in them. */
  const choose = async (chosen: File) => {
    setFileProblem(null);
    if (chosen.size > MAX_IMPORT_BYTES) {
      void message.error(t('import.upload.tooLarge'));
      return;
    }
    setUploading(true);
    try {
      const answer = await cashApi.previewStatement(chosen);
      setFile(chosen);
      setFileName(chosen.name);
      setPreview(answer);
      setRowsTotal(answer.rows_total);
      setMapping(initialBankMapping(answer));
      setProblems({});
      setStep('mapping');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 413) void message.error(t('import.upload.tooLarge'));
      else if (caught instanceof ApiError && caught.status === 422) {
        const problem = caught.problem.errors?.find((e) => e.field === 'file');
        setFileProblem(problem?.message ?? problemMessage(caught, t));
      } else report(caught);
    } finally {
      setUploading(false);
    }
  };

  /** Uploads the same file again with the columns as chosen: the job that pays it in. */
  const start = async () => {
    if (!file || !mapping) return;
    setUploading(true);
    try {
      const answer = await cashApi.uploadStatement(file, bankMappingQuery(mapping));
      setRowsTotal(answer.rows_total);
      setJob(answer);
      setStep('running');
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 413) void message.error(t('import.upload.tooLarge'));
      else if (caught instanceof ApiError && caught.status === 422 && caught.problem.errors?.length) {
        const { byRole, rest } = bankRoleProblems(caught.problem.errors);
        setProblems(byRole);
        if (rest.length > 0) report(caught);
        else void message.error(t('cash.bank.mapping.fix'));
      } else report(caught);
    } finally {
      setUploading(false);
    }
  };

  /** A role given another column: its problem from the last try no longer holds. */
  const remap = (next: BankMapping) => {
    setProblems((current) => {
      const kept: Partial<Record<BankRole, FieldProblem>> = {};
      for (const role of BANK_ROLES) {
        const problem = current[role];
        if (problem && next[role] === mapping?.[role]) kept[role] = problem;
      }
      return kept;
    });
    setMapping(next);
  };

  const reset = () => {
    setUnreadable(false);
    setStep('upload');
    setJob(null);
    setRowsTotal(0);
    setFileName('');
    setFile(null);
    setPreview(null);
    setMapping(null);
    setProblems({});
    setFileProblem(null);
  };

  const result = importResult(job);
  const failed = job?.status === 'failed' || (step === 'result' && !result && !unreadable);
  const percent = step === 'result' && !failed ? 100 : jobPercent(job);

  const body = (() => {
    if (step === 'upload') {
      return (
        <Spin spinning={uploading}>
          {fileProblem && (
            <Alert type="error" showIcon style={{ marginBottom: 16 }} message={t('cash.bank.unreadable')} description={fileProblem} data-testid="bank-file-problem" />
          )}
          <Upload.Dragger
            accept=".csv,.txt,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            beforeUpload={(chosen) => {
              void choose(chosen);
              return false;
            }}
            disabled={uploading}
            data-testid="bank-dropzone"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('cash.bank.drop')}</p>
            <p className="ant-upload-hint">{t('cash.bank.hint')}</p>
          </Upload.Dragger>
        </Spin>
      );
    }
    if (step === 'mapping' && preview && mapping) {
      const ready = checkBankMapping(mapping, preview.columns).ready;
      return (
        <Flex vertical gap={16} style={{ minWidth: 0 }}>
          <BankMappingStep preview={preview} fileName={fileName} mapping={mapping} onChange={remap} problems={problems} />
          <Flex gap={8} wrap justify="flex-end">
            <Button onClick={reset} disabled={uploading} data-testid="bank-mapping-back">
              {t('cash.bank.mapping.back')}
            </Button>
            <Button type="primary" onClick={() => void start()} disabled={!ready} loading={uploading} data-testid="bank-import-start">
              {t('cash.bank.mapping.import')}
            </Button>
          </Flex>
        </Flex>
      );
    }
    if (step === 'running') {
      return (
        <Flex vertical gap={16} data-testid="bank-running">
          <Typography.Text>{t('cash.bank.running', { file: fileName })}</Typography.Text>
          <Progress percent={percent} status="active" data-testid="bank-progress" />
          <Typography.Text type="secondary">
            {t('import.running.rows', { done: job?.progress.done ?? 0, total: job?.progress.total || rowsTotal })}
          </Typography.Text>
        </Flex>
      );
    }
    return (
      <Flex vertical gap={16} data-testid="bank-result">
        {!unreadable && <Progress percent={percent} status={failed ? 'exception' : 'success'} data-testid="bank-progress" />}
        <Result
          status={unreadable ? 'info' : failed ? 'error' : 'success'}
          style={{ padding: '8px 0' }}
          title={unreadable ? t('cash.bank.started', { file: fileName, rows: rowsTotal }) : failed ? t('cash.bank.failed') : t('cash.bank.done', { file: fileName })}
          subTitle={unreadable ? t('cash.bank.startedHint') : failed ? (job?.error ?? undefined) : undefined}
        />
        {result && (
          <Descriptions column={phone ? 1 : result.outgoing > 0 ? 5 : 4} size="small" bordered data-testid="bank-counts">
            <Descriptions.Item label={t('cash.bank.paidIn')}>
              <span data-testid="bank-paid-in">{result.paid_in}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cash.bank.unmatched')}>
              <span data-testid="bank-unmatched">{result.unmatched}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cash.bank.duplicates')}>
              <span data-testid="bank-duplicates">{result.duplicates}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('cash.bank.rejected')}>
              <span data-testid="bank-rejected">{result.rejected}</span>
            </Descriptions.Item>
            {result.outgoing > 0 && (
              <Descriptions.Item label={t('cash.bank.outgoing')}>
                <span data-testid="bank-outgoing">{result.outgoing}</span>
              </Descriptions.Item>
            )}
          </Descriptions>
        )}
        {result && result.duplicates > 0 && (
          <Typography.Text type="secondary" data-testid="bank-duplicate-rows">
            {t('cash.bank.duplicateRows', { rows: result.duplicate_rows.slice(0, 30).join(', ') })}
          </Typography.Text>
        )}
        {result && result.rejected_rows.length > 0 && (
          <Table<BankRejectedRow>
            size="small"
            rowKey={(r) => `${r.row}-${r.field}`}
            dataSource={result.rejected_rows}
            pagination={result.rejected_rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              { title: t('cash.bank.rowNumber'), dataIndex: 'row', width: 90 },
              { title: t('cash.bank.column'), render: (_, r) => tx(`cash.bank.column.${r.field}`, r.field) },
              { title: t('cash.bank.why'), render: (_, r) => tx(`cash.bank.code.${r.code}`, r.code) },
            ]}
            data-testid="bank-rejected-rows"
          />
        )}
        <Flex gap={8} wrap>
          {((result && result.unmatched > 0) || unreadable) && (
            <Button type="primary" onClick={() => navigate('/cash/payments?tab=unmatched')} data-testid="bank-to-queue">
              {result ? t('cash.bank.toQueue', { count: result.unmatched }) : t('cash.payments.tab.unmatched')}
            </Button>
          )}
          <Button onClick={() => navigate('/cash/payments')} data-testid="bank-to-payments">
            {t('cash.bank.toPayments')}
          </Button>
          <Button onClick={reset} data-testid="bank-again">
            {t('cash.bank.again')}
          </Button>
        </Flex>
      </Flex>
    );
  })();

  return (
    <div data-testid="bank-import-page">
      <Link to="/cash/payments" className="closer-back-link">
        <ArrowLeftOutlined /> {t('nav.payments')}
      </Link>
      <PageHeader title={t('cash.bank.title')} subtitle={t('cash.bank.subtitle')} />
      <Card className="closer-page-card">
        {phone ? (
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('import.stepOf', { n: STEPS.indexOf(step) + 1, total: STEPS.length, step: tx(`cash.bank.step.${step}`, step) })}
          </Typography.Title>
        ) : (
          <Steps
            size="small"
            current={STEPS.indexOf(step)}
            status={step === 'result' && failed ? 'error' : undefined}
            items={STEPS.map((s) => ({ title: tx(`cash.bank.step.${s}`, s) }))}
            style={{ marginBottom: 24 }}
          />
        )}
        {body}
      </Card>
    </div>
  );
}
