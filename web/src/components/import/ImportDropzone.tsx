import { InboxOutlined } from '@ant-design/icons';
import { Spin, Upload } from 'antd';
import { useI18n } from '../../i18n/useI18n';

/** The upload step of an import wizard: one CSV or Excel file, dropped or chosen. */
export function ImportDropzone({ uploading, onFile }: { uploading: boolean; onFile: (file: File) => void }) {
  const { t } = useI18n();
  return (
    <Spin spinning={uploading} tip={t('import.upload.uploading')}>
      <Upload.Dragger
        accept=".csv,.txt,.tsv,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          onFile(file);
          return false;
        }}
        disabled={uploading}
        data-testid="import-dropzone"
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('import.upload.drop')}</p>
        <p className="ant-upload-hint">{t('import.upload.hint')}</p>
      </Upload.Dragger>
    </Spin>
  );
}
