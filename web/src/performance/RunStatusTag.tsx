import { Tag } from 'antd';
import { useI18n } from '../i18n/useI18n';

const COLOR: Record<string, string> = { draft: 'processing', closed: 'success' };

export function RunStatusTag({ status }: { status: string }) {
  const { tx } = useI18n();
  return (
    <Tag color={COLOR[status] ?? 'default'} bordered={false} data-testid="run-status" data-status={status}>
      {tx(`compensation.status.${status}`, status)}
    </Tag>
  );
}
