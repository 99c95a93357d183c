import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export function PageHeader({ title, subtitle, extra }: { title: ReactNode; subtitle?: ReactNode; extra?: ReactNode }) {
  return (
    <Flex className="closer-page-header" justify="space-between" align="flex-start" gap={12} wrap>
      <div style={{ minWidth: 0 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {subtitle && (
          <Typography.Text type="secondary" className="closer-page-header__subtitle">
            {subtitle}
          </Typography.Text>
        )}
      </div>
      {extra && <div className="closer-page-header__extra">{extra}</div>}
    </Flex>
  );
}
