import { Radio, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/useI18n';

/** All or nothing (the default) or the good rows only. */
export function ImportModeChoice({ keepGood, onChange }: { keepGood: boolean; onChange: (keepGood: boolean) => void }) {
  const { t } = useI18n();
  return (
    <Radio.Group value={keepGood} onChange={(event) => onChange(event.target.value as boolean)} data-testid="import-mode">
      <Space direction="vertical">
        <Radio value={false} data-testid="import-mode-all">
          <Typography.Text strong>{t('import.options.allOrNothing')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('import.options.allOrNothingHelp')}</Typography.Text>
        </Radio>
        <Radio value={true} data-testid="import-mode-keep">
          <Typography.Text strong>{t('import.options.keepGood')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('import.options.keepGoodHelp')}</Typography.Text>
        </Radio>
      </Space>
    </Radio.Group>
  );
}
