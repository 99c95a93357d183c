import { ArrowLeftOutlined, CheckOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Input, Modal, Spin, Typography, type ButtonProps } from 'antd';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { cashApi } from '../api/cash';
import { useSession } from '../auth/session';
import { LoadError } from '../components/LoadError';
import { PageHeader } from '../components/PageHeader';
import { useI18n } from '../i18n/useI18n';
import { formatDate, formatDateTime, formatMoney } from '../lib/format';
import { useErrorReporter } from '../lib/useErrorReporter';
import { useLoader } from '../lib/useLoader';
import './cash.css';
import { RefundStatusTag } from './labels';
import { useNames } from './names';
import { localToday } from './query';

/** One refund (where its approval links to): how much, why, from which payments; paid out once approved. */
export function RefundPage() {
  const { id = '' } = useParams();
  const { t, language } = useI18n();
  const { user, can } = useSession();
  const { message } = App.useApp();
  const report = useErrorReporter();
  const record = useLoader(useCallback(() => cashApi.refund(id), [id]));
  const refund = record.data;
  const customers = useNames('customer', [refund?.customer_id]);
  const contracts = useNames('contract', [refund?.contract_id]);
  const [paying, setPaying] = useState(false);
  const [paidOn, setPaidOn] = useState(localToday(user.tenant.time_zone));
  const [busy, setBusy] = useState(false);

  if (record.error && !refund) return <LoadError error={record.error} onRetry={record.reload} />;
  if (!refund) return <Spin />;

  const pay = async () => {
    setBusy(true);
    try {
      const paid = await cashApi.payRefund(refund.id, paidOn, refund.version);
      record.setData(() => paid);
      setPaying(false);
      void message.success(t('cash.refund.paid', { amount: formatMoney(paid.amount, language) }));
    } catch (caught) {
      report(caught, { onStale: record.reload });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="closer-page" data-testid="refund-page">
      <Link to="/cash/refunds" className="closer-back-link">
        <ArrowLeftOutlined /> {t('cash.refunds.title')}
      </Link>
      <PageHeader
        title={t('cash.refund.title', { amount: formatMoney(refund.amount, language) })}
        subtitle={<RefundStatusTag status={refund.status} />}
        extra={
          can('cash.write') &&
          refund.status === 'approved' && (
            <Button type="primary" icon={<CheckOutlined />} onClick={() => setPaying(true)} data-testid="refund-pay">
              {t('cash.refund.pay')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Descriptions column={{ xs: 1, sm: 2 }} size="small">
          <Descriptions.Item label={t('cash.field.amount')}>
            <span data-testid="refund-amount">{formatMoney(refund.amount, language)}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('cash.refund.reason')}>{refund.reason}</Descriptions.Item>
          <Descriptions.Item label={t('cash.field.customer')}>
            <Link to={`/customers/${refund.customer_id}`}>{customers.get(refund.customer_id) ?? t('cash.openCustomer')}</Link>
          </Descriptions.Item>
          {refund.contract_id && (
            <Descriptions.Item label={t('cash.field.contract')}>
              <Link to={`/contracts/${refund.contract_id}?tab=cash`}>{contracts.get(refund.contract_id) ?? t('cash.openContract')}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('cash.refund.requestedAt')}>{formatDateTime(refund.created_at, language)}</Descriptions.Item>
          {refund.paid_on && <Descriptions.Item label={t('cash.refund.paidOn')}>{formatDate(refund.paid_on, language)}</Descriptions.Item>}
          {refund.approval_id && (
            <Descriptions.Item label={t('cash.refund.approval')}>
              <Link to={`/approvals/${refund.approval_id}`} data-testid="refund-approval">
                {t('cash.refund.openApproval')}
              </Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('cash.refund.parts')}>
            <Flex vertical>
              {refund.parts.map((part) => (
                <Typography.Text key={part.payment_id} className="closer-num">
                  {formatMoney(part.amount, language)}
                </Typography.Text>
              ))}
            </Flex>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Modal
        open={paying}
        title={t('cash.refund.payTitle', { amount: formatMoney(refund.amount, language) })}
        okText={t('cash.refund.pay')}
        okButtonProps={{ loading: busy, 'data-testid': 'refund-pay-ok' } as ButtonProps}
        onOk={() => void pay()}
        onCancel={() => setPaying(false)}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('cash.refund.payHint')}</Typography.Paragraph>
        <Input type="date" value={paidOn} onChange={(e) => setPaidOn(e.target.value)} aria-label={t('cash.refund.paidOn')} />
      </Modal>
    </div>
  );
}
