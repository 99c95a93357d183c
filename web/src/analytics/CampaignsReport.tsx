import { Card, Col, Empty, Flex, Row, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/interface';
import { useCallback, useMemo, useState } from 'react';
import { analyticsApi } from '../api/analytics';
import type { components } from '../api/schema';
import { LoadError } from '../components/LoadError';
import { useCustomerLabels } from '../customers/labels';
import { useI18n } from '../i18n/useI18n';
import { formatMoney, formatPercent } from '../lib/format';
import { useLoader } from '../lib/useLoader';
import { Chart } from '../opportunities/Chart';
import { ExportButtons } from './ExportButtons';
import type { ReportFilters } from './report';
import { campaignFunnelOption } from './resultCharts';

type CampaignRow = components['schemas']['CampaignRoiRowDto'];
type Channel = components['schemas']['ChannelDto'];
type Tier = components['schemas']['CampaignTierDto'];

const rowKey = (row: CampaignRow) => row.campaign_id ?? 'none';

/**
 * Campaign ROI (市场活动回报): each campaign from cost to leads, converted leads, deals and
 * won amount, with ROI; one campaign's funnel and its deals by customer size; and the lead
 * channels ranked by volume and conversion.
 */
export function CampaignsReport({ filters, phone }: { filters: ReportFilters; phone: boolean }) {
  const { t, language } = useI18n();
  const labels = useCustomerLabels();
  const queryKey = JSON.stringify(filters);
  const report = useLoader(useCallback(() => analyticsApi.campaignRoi(JSON.parse(queryKey) as ReportFilters), [queryKey]));
  const data = report.data;
  const rows = useMemo(() => data?.rows ?? [], [data]);
  const [picked, setPicked] = useState<string | null>(null);
  // The funnel shows the campaign picked, else the one with the most leads.
  const shown = rows.find((r) => rowKey(r) === picked) ?? [...rows].filter((r) => r.campaign_id).sort((a, b) => b.leads - a.leads)[0];
  const funnel = useMemo(
    () =>
      shown
        ? campaignFunnelOption(
            [
              [t('analytics.cr.leads'), shown.leads],
              [t('analytics.cr.converted'), shown.converted_leads],
              [t('analytics.cr.deals'), shown.opportunities],
              [t('analytics.cr.won'), shown.won_count],
            ],
            phone,
          )
        : null,
    [shown, t, phone],
  );
  const tiers: Tier[] = (data?.by_size_tier ?? []).filter((tier) => shown && tier.campaign_id === shown.campaign_id);
  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const money = (m: CampaignRow['cost']) => <span className="closer-num">{formatMoney(m, language)}</span>;
  const count = (n: number) => <span className="closer-num">{n}</span>;

  const columns: ColumnsType<CampaignRow> = [
    {
      title: t('analytics.cr.campaign'),
      key: 'name',
      fixed: 'left',
      width: phone ? 120 : 180,
      render: (_, r) => (r.campaign_id ? r.name : <Typography.Text type="secondary">{t('analytics.cr.noCampaign')}</Typography.Text>),
    },
    { title: t('analytics.cr.cost'), key: 'cost', align: 'right', width: 130, render: (_, r) => money(r.cost) },
    { title: t('analytics.cr.leads'), dataIndex: 'leads', align: 'right', width: 70, render: count },
    { title: t('analytics.cr.converted'), dataIndex: 'converted_leads', align: 'right', width: 90, render: count },
    { title: t('analytics.cr.conversion'), key: 'conversion', align: 'right', width: 90, render: (_, r) => (r.conversion_rate ? formatPercent(r.conversion_rate) : none) },
    { title: t('analytics.cr.deals'), dataIndex: 'opportunities', align: 'right', width: 70, render: count },
    { title: t('analytics.cr.wonAmount'), key: 'won', align: 'right', width: 140, render: (_, r) => money(r.won_amount) },
    {
      title: t('analytics.cr.roi'),
      key: 'roi',
      align: 'right',
      width: 100,
      render: (_, r) =>
        r.roi ? (
          <Typography.Text type={r.roi.startsWith('-') ? 'danger' : 'success'} className="closer-num" data-testid="campaign-roi">
            {formatPercent(r.roi)}
          </Typography.Text>
        ) : (
          none
        ),
    },
  ];
  const channelColumns: ColumnsType<Channel> = [
    { title: t('analytics.cr.channel'), key: 'source', render: (_, c) => labels.source(c.source) || c.source },
    { title: t('analytics.cr.leads'), dataIndex: 'leads', align: 'right', width: 80, render: count },
    { title: t('analytics.cr.converted'), dataIndex: 'converted_leads', align: 'right', width: 90, render: count },
    { title: t('analytics.cr.conversion'), key: 'conversion', align: 'right', width: 100, render: (_, c) => (c.conversion_rate ? formatPercent(c.conversion_rate) : none) },
  ];
  const tierColumns: ColumnsType<Tier> = [
    { title: t('analytics.cr.sizeTier'), key: 'tier', render: (_, tier) => labels.sizeTier(tier.size_tier) || t('analytics.cr.noTier') },
    { title: t('analytics.cr.deals'), dataIndex: 'opportunities', align: 'right', width: 70, render: count },
    { title: t('analytics.cr.wonAmount'), key: 'won', align: 'right', width: 140, render: (_, tier) => money(tier.won_amount) },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="campaigns-report">
      <Card size="small" className="closer-analytics-card">
        <Flex justify="space-between" align="center" gap={8} wrap className="closer-analytics-toolbar">
          <Typography.Text type="secondary">{t('analytics.cr.hint')}</Typography.Text>
          <ExportButtons report="campaign-roi" query={filters} />
        </Flex>
        {report.error && !data ? (
          <LoadError error={report.error} onRetry={report.reload} />
        ) : !report.loading && rows.length === 0 ? (
          <Empty description={t('analytics.cr.empty')} data-testid="campaigns-empty" />
        ) : (
          <Table<CampaignRow>
            rowKey={rowKey}
            size="small"
            loading={report.loading}
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 900 }}
            rowClassName={(r) => (shown && rowKey(r) === rowKey(shown) ? 'ant-table-row-selected' : '')}
            onRow={(r) =>
              ({ 'data-testid': 'campaign-row', onClick: () => setPicked(rowKey(r)), style: { cursor: 'pointer' } }) as React.HTMLAttributes<HTMLElement>
            }
          />
        )}
      </Card>
      {shown && funnel && (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('analytics.cr.funnel', { name: shown.name })} className="closer-analytics-card">
              <Chart option={funnel} height={phone ? 220 : 260} label={t('analytics.cr.funnel', { name: shown.name })} testId="campaign-funnel" />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('analytics.cr.bySize', { name: shown.name })} className="closer-analytics-card">
              {tiers.length === 0 ? (
                <Empty description={t('analytics.cr.noDeals')} />
              ) : (
                <Table<Tier> rowKey={(tier) => tier.size_tier ?? 'none'} size="small" columns={tierColumns} dataSource={tiers} pagination={false} />
              )}
            </Card>
          </Col>
        </Row>
      )}
      {(data?.channels.length ?? 0) > 0 && (
        <Card size="small" title={t('analytics.cr.channels')} className="closer-analytics-card">
          <Table<Channel>
            rowKey="source"
            size="small"
            columns={channelColumns}
            dataSource={data?.channels ?? []}
            pagination={false}
            onRow={() => ({ 'data-testid': 'campaign-channel' }) as React.HTMLAttributes<HTMLElement>}
          />
        </Card>
      )}
    </Space>
  );
}
