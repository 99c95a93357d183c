import { DeleteOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Popconfirm, Spin, Typography, Upload, type ButtonProps, type UploadProps } from 'antd';
import { useCallback, useState } from 'react';
import { settingsApi } from '../../api/settings';
import { LoadError } from '../../components/LoadError';
import { useI18n } from '../../i18n/useI18n';
import { formatBytes } from '../../lib/format';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { useLoader } from '../../lib/useLoader';
import { checkLogoFile, LOGO_ACCEPT, logoProblem, type LogoMessage } from './logo';
import './branding.css';

/**
 * Whether the branding is being read, the logo is shown, or there is none. The card asks
 * `GET /settings/branding` first and only then loads the image, so "no logo" is never a 404.
 */
type LogoState = 'loading' | 'shown' | 'none' | 'failed';

/** A fresh cache buster: the image's address changes after every upload or removal. */
const nextVersion = (previous: number) => Math.max(Date.now(), previous + 1);

/**
 * The company logo printed on quotes beside its name: the current one (or the note that
 * quotes show the initial), an upload that replaces it, and a removal. For `settings.manage`.
 */
export function LogoCard({ companyName }: { companyName: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const branding = useLoader(useCallback(() => settingsApi.branding(), []));
  const [version, setVersion] = useState(() => Date.now());
  const [problem, setProblem] = useState<LogoMessage | null>(null);
  const [uploading, setUploading] = useState(false);
  const [removing, setRemoving] = useState(false);

  const info = branding.data?.logo ?? null;
  const state: LogoState = branding.data ? (info ? 'shown' : 'none') : branding.error ? 'failed' : 'loading';

  const beforeUpload: UploadProps['beforeUpload'] = (file) => {
    const check = checkLogoFile(file);
    if (!check.ok) {
      setProblem(check.message);
      return Upload.LIST_IGNORE;
    }
    setProblem(null);
    return true;
  };

  const upload: UploadProps['customRequest'] = ({ file, onSuccess, onError }) => {
    if (!(file instanceof Blob)) return;
    const check = checkLogoFile(file);
    if (!check.ok) {
      setProblem(check.message);
      return;
    }
    setUploading(true);
    settingsApi.uploadLogo(file, check.contentType).then(
      (saved) => {
        setUploading(false);
        branding.setData(() => ({ logo: saved }));
        setVersion(nextVersion);
        branding.reload();
        onSuccess?.(saved);
        void message.success(t('branding.logo.uploaded'));
      },
      (caught: unknown) => {
        setUploading(false);
        onError?.(caught instanceof Error ? caught : new Error(String(caught)));
        const known = logoProblem(caught);
        if (known) setProblem(known);
        else report(caught);
      },
    );
  };

  const remove = async () => {
    setRemoving(true);
    try {
      await settingsApi.deleteLogo();
      branding.setData(() => ({ logo: null }));
      setProblem(null);
      setVersion(nextVersion);
      branding.reload();
      void message.success(t('branding.logo.removed'));
    } catch (caught) {
      report(caught);
    } finally {
      setRemoving(false);
    }
  };

  const size = info
    ? info.bytes
      ? t('branding.logo.sizeBytes', { width: info.width, height: info.height, bytes: formatBytes(info.bytes) })
      : t('branding.logo.size', { width: info.width, height: info.height })
    : null;

  return (
    <Card size="small" title={t('branding.logo.title')} className="closer-logo-card" data-testid="logo-card">
      <Typography.Paragraph type="secondary" data-testid="logo-hint">
        {t('branding.logo.hint')}
      </Typography.Paragraph>
      <div className="closer-logo-card__preview" data-testid="logo-preview" data-state={state}>
        {state === 'shown' && (
          <img
            key={version}
            src={settingsApi.logoUrl(version)}
            alt={t('branding.logo.alt', { name: companyName })}
            className="closer-logo-card__image"
            data-testid="logo-image"
          />
        )}
        {state === 'loading' && <Spin aria-label={t('branding.logo.loading')} />}
        {state === 'none' && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('branding.logo.empty')} data-testid="logo-empty" />
        )}
        {state === 'failed' && <LoadError error={branding.error} onRetry={branding.reload} />}
      </div>
      {state === 'shown' && size && (
        <Typography.Text type="secondary" className="closer-logo-card__size" data-testid="logo-size">
          {size}
        </Typography.Text>
      )}
      {problem && (
        <Alert
          type="error"
          showIcon
          className="closer-logo-card__problem"
          message={t(problem.key, problem.vars)}
          closable
          onClose={() => setProblem(null)}
          data-testid="logo-error"
        />
      )}
      <Flex gap={8} wrap className="closer-logo-card__actions">
        <Upload accept={LOGO_ACCEPT} showUploadList={false} maxCount={1} beforeUpload={beforeUpload} customRequest={upload}>
          <Button icon={<UploadOutlined />} type={state === 'none' ? 'primary' : 'default'} loading={uploading} disabled={removing} data-testid="logo-upload">
            {state === 'shown' ? t('branding.logo.replace') : t('branding.logo.upload')}
          </Button>
        </Upload>
        {state === 'shown' && (
          <Popconfirm
            title={t('branding.logo.removeConfirm')}
            okText={t('branding.logo.remove')}
            okButtonProps={{ danger: true, 'data-testid': 'logo-remove-confirm' } as ButtonProps}
            cancelText={t('common.cancel')}
            onConfirm={remove}
          >
            <Button danger icon={<DeleteOutlined />} loading={removing} disabled={uploading} data-testid="logo-remove">
              {t('branding.logo.remove')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
    </Card>
  );
}
