import { DownloadOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { analyticsApi, type ReportName } from '../api/analytics';
import type { ReportQuery } from '../api/types';
import { useI18n } from '../i18n/useI18n';

/** The report as a file: the same address with `format=csv` or `format=xlsx`. */
export function ExportButtons({ report, query }: { report: ReportName; query: ReportQuery }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          size="small"
          icon={<DownloadOutlined />}
          href={analyticsApi.exportUrl(report, query, format)}
          download
          aria-label={t(`analytics.export.${format}Label`)}
          data-testid={`${report}-export-${format}`}
        >
          {t(`analytics.export.${format}`)}
        </Button>
      ))}
    </Space>
  );
}
