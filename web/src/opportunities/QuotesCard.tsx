import { DiffOutlined, FilePdfOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useState } from 'react';
import { opportunitiesApi } from '../api/opportunities';
import type { Quote } from '../api/types';
import { CreateContractButton } from '../contracts/CreateContractButton';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatMoney } from '../lib/format';
import { QuoteCompareDrawer } from './QuoteCompareDrawer';
import { QuoteDrawer } from './QuoteDrawer';

/** The opportunity's quote versions: print one (or open its PDF), make a new one, compare two. */
export function QuotesCard({ opportunityId, quotes, editable, onCreated }: { opportunityId: string; quotes: Quote[]; editable: boolean; onCreated: () => void }) {
  const { t, language } = useI18n();
  const [quoting, setQuoting] = useState(false);
  const [comparing, setComparing] = useState(false);

  const columns: ColumnsType<Quote> = [
    {
      title: t('opps.quote.number'),
      render: (_, q) => (
        <span className="closer-quote-table__version">
          <Typography.Text strong>#{q.number}</Typography.Text>
          <Typography.Text type="secondary" className="closer-quote-table__meta">
            {formatDate(q.created_at, language)} · {t('opps.quote.lineCount', { count: q.lines.length })}
          </Typography.Text>
        </span>
      ),
    },
    { title: t('opps.quote.list'), align: 'right', render: (_, q) => formatMoney(q.list_amount, language) },
    { title: t('opps.quote.discountAmount'), align: 'right', render: (_, q) => formatMoney(q.discount_amount, language) },
    { title: t('opps.quote.total'), align: 'right', render: (_, q) => <Typography.Text strong>{formatMoney(q.total, language)}</Typography.Text> },
    {
      title: '',
      key: 'actions',
      fixed: 'right',
      render: (_, q) => (
        <Space size={4} wrap={false}>
          {/* Small link buttons: 40 px tap targets on phones (styles.css), like the contract button. */}
          <Button
            type="link"
            size="small"
            icon={<PrinterOutlined />}
            href={opportunitiesApi.quotePrintUrl(q.id)}
            target="_blank"
            rel="noreferrer"
            data-testid="quote-print"
          >
            {t('opps.quote.print')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<FilePdfOutlined />}
            href={opportunitiesApi.quotePdfUrl(q.id)}
            target="_blank"
            rel="noreferrer"
            title={t('opps.quote.pdfTitle')}
            data-testid="quote-pdf"
          >
            {t('opps.quote.pdf')}
          </Button>
          <CreateContractButton quoteId={q.id} type="link" size="small" testId="quote-create-contract" />
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('opps.quote.title', { count: quotes.length })}
      extra={
        <Space size={4} wrap>
          {quotes.length >= 2 && (
            <Button size="small" icon={<DiffOutlined />} onClick={() => setComparing(true)} data-testid="quote-compare-open">
              {t('opps.compare.open')}
            </Button>
          )}
          {editable && (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setQuoting(true)} data-testid="quote-new">
              {t('opps.quote.new')}
            </Button>
          )}
        </Space>
      }
      data-testid="quotes-card"
    >
      {quotes.length === 0 ? (
        <Empty description={t('opps.quote.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          columns={columns}
          dataSource={quotes}
          scroll={{ x: 'max-content' }}
          className="closer-quote-table"
          data-testid="quote-table"
        />
      )}
      <QuoteDrawer
        opportunityId={opportunityId}
        open={quoting}
        onClose={() => setQuoting(false)}
        onCreated={() => {
          setQuoting(false);
          onCreated();
        }}
      />
      <QuoteCompareDrawer quotes={quotes} open={comparing} onClose={() => setComparing(false)} />
    </Card>
  );
}
