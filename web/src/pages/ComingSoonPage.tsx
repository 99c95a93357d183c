import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, List, Result, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { UpcomingArea } from '../app/areas';
import { useI18n } from '../i18n/useI18n';
import type { MessageKey } from '../i18n/messages';

const NAV_LABEL: Record<UpcomingArea, MessageKey> = {
  targets: 'nav.targets',
  customers: 'nav.customers',
  opportunities: 'nav.opportunities',
  receivables: 'nav.receivables',
  invoices: 'nav.invoices',
  payments: 'nav.payments',
  performance: 'nav.performance',
  analytics: 'nav.analytics',
};

/** The page of an area that is not built yet: what it will do, and that it is coming. */
export function ComingSoonPage({ area }: { area: UpcomingArea }) {
  const { t, tx } = useI18n();
  const features = ['f1', 'f2', 'f3'].map((f) => tx(`area.${area}.${f}`));
  return (
    <Card className="closer-page-card" data-testid={`coming-soon-${area}`}>
      <Result
        icon={<ClockCircleOutlined />}
        title={
          <span>
            {t(NAV_LABEL[area])} <Tag color="blue">{t('area.comingSoon')}</Tag>
          </span>
        }
        subTitle={tx(`area.${area}.description`)}
        extra={
          <Link to="/">
            <Button type="primary">{t('area.backHome')}</Button>
          </Link>
        }
      >
        <div className="closer-coming-soon__list">
          <p>{t('area.comingSoonHint')}</p>
          <List
            dataSource={features}
            renderItem={(item) => (
              <List.Item>
                <span>
                  <CheckCircleOutlined style={{ color: '#16a34a', marginInlineEnd: 8 }} />
                  {item}
                </span>
              </List.Item>
            )}
          />
        </div>
      </Result>
    </Card>
  );
}
