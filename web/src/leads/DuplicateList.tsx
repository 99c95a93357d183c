import { MergeCellsOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { Duplicate } from '../api/types';
import { useI18n } from '../i18n/useI18n';

const TYPE_COLOR: Record<string, string> = { lead: 'blue', contact: 'purple', customer: 'green' };

/** Where a duplicate can be opened; contacts open with their customer, so they have no page of their own. */
export function duplicateLink(duplicate: Duplicate): string | null {
  if (duplicate.record_type === 'lead') return `/leads/${duplicate.id}`;
  if (duplicate.record_type === 'customer') return `/customers/${duplicate.id}`;
  return null;
}

/** Highest score first; ties keep the server's order. */
export function sortDuplicates(duplicates: Duplicate[]): Duplicate[] {
  return duplicates
    .map((duplicate, index) => ({ duplicate, index }))
    .sort((a, b) => b.duplicate.score - a.duplicate.score || a.index - b.index)
    .map((entry) => entry.duplicate);
}

interface Props {
  duplicates: Duplicate[];
  /** Offers "Merge" on lead duplicates: the duplicate merges into the lead on screen. */
  onMerge?: (duplicate: Duplicate) => void;
  title?: string;
  /** Blocked by a rule instead of merely warned. */
  blocked?: boolean;
  /** How many to show before "Show all". */
  limit?: number;
}

/** Records that look like this one: why, how sure, and a link to each. */
export function DuplicateList({ duplicates, onMerge, title, blocked, limit = 3 }: Props) {
  const { t, tx } = useI18n();
  const [all, setAll] = useState(false);
  if (duplicates.length === 0) return null;
  const sorted = sortDuplicates(duplicates);
  const shown = all ? sorted : sorted.slice(0, limit);
  return (
    <Alert
      type={blocked ? 'error' : 'warning'}
      showIcon
      icon={<WarningOutlined />}
      className="closer-duplicates"
      data-testid="duplicate-warning"
      message={title ?? t('leads.duplicates.title', { count: duplicates.length })}
      description={
        <List<Duplicate>
          size="small"
          split={false}
          dataSource={shown}
          footer={
            sorted.length > shown.length ? (
              <Button type="link" size="small" onClick={() => setAll(true)} style={{ padding: 0 }} data-testid="duplicate-show-all">
                {t('leads.duplicates.showAll', { count: sorted.length })}
              </Button>
            ) : undefined
          }
          renderItem={(duplicate) => {
            const link = duplicateLink(duplicate);
            return (
              <List.Item className="closer-duplicates__item" data-testid="duplicate-item" data-id={duplicate.id}>
                <Flex vertical gap={2} style={{ minWidth: 0 }}>
                  <Space size={4} wrap>
                    <Tag color={TYPE_COLOR[duplicate.record_type] ?? 'default'}>
                      {tx(`leads.recordType.${duplicate.record_type}`, duplicate.record_type)}
                    </Tag>
                    {link ? (
                      <Link to={link} data-testid="duplicate-link">
                        {duplicate.name}
                      </Link>
                    ) : (
                      <Typography.Text>{duplicate.name}</Typography.Text>
                    )}
                    <Typography.Text type="secondary" data-testid="duplicate-score">
                      {t('leads.duplicates.score', { score: duplicate.score })}
                    </Typography.Text>
                  </Space>
                  <Space size={4} wrap>
                    {duplicate.reasons.map((reason) => (
                      <Tag key={reason} bordered={false} color="orange" data-testid="duplicate-reason">
                        {tx(`leads.reason.${reason}`, reason)}
                      </Tag>
                    ))}
                    {onMerge && duplicate.record_type === 'lead' && (
                      <Button
                        size="small"
                        type="link"
                        icon={<MergeCellsOutlined />}
                        onClick={() => onMerge(duplicate)}
                        data-testid="duplicate-merge"
                        style={{ paddingInline: 0 }}
                      >
                        {t('leads.merge.action')}
                      </Button>
                    )}
                  </Space>
                </Flex>
              </List.Item>
            );
          }}
        />
      }
    />
  );
}
