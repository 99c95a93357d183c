import { EditOutlined, PlusOutlined, StopOutlined, UndoOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Flex, Grid, Input, List, Popconfirm, Result, Select, Space, Table, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { productsApi } from '../../api/products';
import type { Product } from '../../api/types';
import { useSession } from '../../auth/session';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n/useI18n';
import { formatMoney } from '../../lib/format';
import { compareAmounts } from '../../lib/money';
import { useErrorReporter } from '../../lib/useErrorReporter';
import { useLoader } from '../../lib/useLoader';
import { ProductDrawer } from './ProductDrawer';
import {
  filterFromParams,
  filterProducts,
  includesInactive,
  PRODUCT_KINDS,
  productLines,
  type ProductFilter,
  type ProductStatus,
} from './productForm';
import './products.css';

const KIND_COLORS: Record<string, string> = { product: 'blue', accessory: 'purple', service: 'green' };
const STATUSES: ProductStatus[] = ['active', 'inactive', 'all'];

/** The product catalogue (administrators): list, filter, create, edit, deactivate. */
export function ProductsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  // Everyone reads the catalogue (quotes pick from it), so the page itself says who may keep it.
  if (!can('settings.manage')) {
    return (
      <div data-testid="products-no-access">
        <Result status="403" title={t('error.noAccessTitle')} subTitle={t('error.noAccess')} />
      </div>
    );
  }
  return <ProductCatalogue />;
}

type Editing = { product: Product | null };

function ProductCatalogue() {
  const { t, language } = useI18n();
  const { message } = App.useApp();
  const { user } = useSession();
  const report = useErrorReporter();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const withInactive = includesInactive(filter);
  const load = useCallback(() => productsApi.list(withInactive ? { include_inactive: true } : {}), [withInactive]);
  const products = useLoader(load);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const all = useMemo(() => products.data ?? [], [products.data]);
  const lines = useMemo(() => productLines(all), [all]);
  const shown = filterProducts(all, filter);

  const change = (patch: Partial<ProductFilter>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const replace = (product: Product) =>
    products.setData((previous = []) => previous.map((p) => (p.id === product.id ? product : p)));

  /** After a 412: the product as it is now, in the list and (when editing it) in the drawer. */
  const refresh = async (id: string) => {
    try {
      const fresh = (await productsApi.list({ include_inactive: true })).find((p) => p.id === id);
      if (fresh) replace(fresh);
      setEditing((current) => (current?.product?.id === id ? (fresh ? { product: fresh } : null) : current));
    } catch (caught) {
      report(caught);
    }
  };

  const saved = (product: Product, created: boolean) => {
    setEditing(null);
    void message.success(t(created ? 'opps.product.created' : 'opps.product.saved', { name: product.name }));
    if (created) products.reload();
    else replace(product);
  };

  const setActive = async (product: Product, active: boolean) => {
    setBusy(product.id);
    try {
      const changed = await productsApi.update(product.id, { active }, product.version);
      replace(changed);
      void message.success(t(active ? 'opps.product.reactivated' : 'opps.product.deactivated', { name: changed.name }));
    } catch (caught) {
      report(caught, { onStale: () => void refresh(product.id) });
    } finally {
      setBusy(null);
    }
  };

  const kindTag = (kind: string) => (
    <Tag color={KIND_COLORS[kind]} data-testid="product-kind-tag">
      {(PRODUCT_KINDS as readonly string[]).includes(kind) ? t(`opps.product.kind.${kind as (typeof PRODUCT_KINDS)[number]}`) : kind}
    </Tag>
  );
  const statusTag = (product: Product) =>
    product.active ? <Tag color="success">{t('opps.product.status.active')}</Tag> : <Tag>{t('opps.product.status.inactive')}</Tag>;
  const price = (product: Product) => (
    <span className="closer-product-price" data-testid="product-price-cell">
      {formatMoney(product.list_price, language)}
    </span>
  );

  /** Edit and deactivate/reactivate: icon buttons in the table, labelled buttons on a card. */
  const actions = (product: Product, labelled: boolean) => {
    // The tooltip would cover the confirmation's buttons, so it hides while that is open.
    const tipHidden = confirming === product.id;
    const button = (label: string, testId: string, props: Omit<ButtonProps, 'children'>) =>
      labelled ? (
        <Button type="link" size="small" data-testid={testId} {...props}>
          {label}
        </Button>
      ) : (
        <Tooltip title={label} open={tipHidden ? false : undefined}>
          <Button type="text" size="small" aria-label={label} data-testid={testId} {...props} />
        </Tooltip>
      );
    return (
      <Space size={labelled ? 0 : 4}>
        {button(t('common.edit'), 'product-edit', { icon: <EditOutlined />, onClick: () => setEditing({ product }) })}
        {product.active ? (
          <Popconfirm
            title={t('opps.product.deactivateConfirm', { name: product.name })}
            okText={t('opps.product.deactivate')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => setActive(product, false)}
            onOpenChange={(open) => setConfirming(open ? product.id : null)}
          >
            {button(t('opps.product.deactivate'), 'product-deactivate', { danger: true, icon: <StopOutlined />, loading: busy === product.id })}
          </Popconfirm>
        ) : (
          button(t('opps.product.reactivate'), 'product-reactivate', {
            icon: <UndoOutlined />,
            loading: busy === product.id,
            onClick: () => void setActive(product, true),
          })
        )}
      </Space>
    );
  };

  const none = <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  const columns: ColumnsType<Product> = [
    {
      title: t('opps.product.field.name'),
      dataIndex: 'name',
      sorter: (a, b) => a.name.localeCompare(b.name, language),
      render: (_, product) => (
        <Typography.Link strong onClick={() => setEditing({ product })} data-testid="product-open">
          {product.name}
        </Typography.Link>
      ),
    },
    {
      title: t('opps.product.field.sku'),
      dataIndex: 'sku',
      width: 150,
      ellipsis: true,
      render: (sku: string | null) => (sku ? <code className="closer-product-sku">{sku}</code> : none),
    },
    { title: t('opps.product.field.product_line'), dataIndex: 'product_line', width: 150, ellipsis: true, render: (line: string | null) => line || none },
    { title: t('opps.product.field.kind'), dataIndex: 'kind', width: 100, render: (kind: string) => kindTag(kind) },
    {
      title: t('opps.product.field.list_price'),
      key: 'list_price',
      width: 150,
      align: 'right',
      sorter: (a, b) => compareAmounts(a.list_price.amount, b.list_price.amount),
      render: (_, product) => price(product),
    },
    {
      title: t('opps.product.field.unit_cost'),
      key: 'unit_cost',
      width: 140,
      align: 'right',
      render: (_, product) =>
        product.unit_cost ? (
          <span className="closer-product-price" data-testid="product-cost-cell">
            {formatMoney(product.unit_cost, language)}
          </span>
        ) : (
          none
        ),
    },
    { title: t('opps.product.field.active'), dataIndex: 'active', width: 90, render: (_, product) => statusTag(product) },
    { title: t('common.actions'), key: 'actions', width: 90, render: (_, product) => actions(product, false) },
  ];

  const phoneList = (
    <List<Product>
      dataSource={shown}
      loading={products.loading}
      locale={{ emptyText: <Empty description={t('opps.product.empty')} /> }}
      pagination={shown.length > 20 ? { pageSize: 20, size: 'small', align: 'center', showSizeChanger: false } : false}
      data-testid="products-cards"
      renderItem={(product) => (
        <Card size="small" className={`closer-product-card${product.active ? '' : ' is-inactive'}`} data-testid="product-card">
          <Flex justify="space-between" align="flex-start" gap={8}>
            <Typography.Link strong className="closer-product-card__name" onClick={() => setEditing({ product })} data-testid="product-open">
              {product.name}
            </Typography.Link>
            {price(product)}
          </Flex>
          <Flex gap={4} wrap align="center" className="closer-product-card__meta">
            {kindTag(product.kind)}
            {!product.active && statusTag(product)}
            <span>{[product.sku, product.product_line].filter(Boolean).join(' · ')}</span>
          </Flex>
          <Flex justify="flex-end">{actions(product, true)}</Flex>
        </Card>
      )}
    />
  );

  if (products.error && !products.data) return <LoadError error={products.error} onRetry={products.reload} />;

  const selectWidth = phone ? { flex: '1 1 140px' } : { width: 180 };
  return (
    <div data-testid="products-page">
      <PageHeader
        title={t('opps.product.title')}
        subtitle={t('opps.product.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ product: null })} data-testid="product-new">
            {t('opps.product.new')}
          </Button>
        }
      />
      <Card className="closer-page-card">
        <Flex gap={8} wrap style={{ marginBottom: 12 }} className="closer-product-filters">
          <Input.Search
            allowClear
            placeholder={t('opps.product.search')}
            value={filter.q ?? ''}
            onChange={(event) => change({ q: event.target.value })}
            style={phone ? { flex: '1 1 100%' } : { width: 280 }}
            data-testid="product-search"
          />
          <Select
            allowClear
            showSearch
            placeholder={t('opps.product.filter.line')}
            value={filter.line}
            onChange={(line?: string) => change({ line })}
            options={lines.map((line) => ({ value: line, label: line }))}
            style={selectWidth}
            data-testid="product-filter-line"
          />
          <Select
            allowClear
            placeholder={t('opps.product.filter.kind')}
            value={filter.kind}
            onChange={(kind?: string) => change({ kind })}
            options={PRODUCT_KINDS.map((kind) => ({ value: kind, label: t(`opps.product.kind.${kind}`) }))}
            style={selectWidth}
            data-testid="product-filter-kind"
          />
          <Select<ProductStatus>
            value={filter.status ?? 'active'}
            onChange={(status) => change({ status: status === 'active' ? undefined : status })}
            options={STATUSES.map((status) => ({ value: status, label: t(`opps.product.status.${status}`) }))}
            style={selectWidth}
            data-testid="product-filter-status"
          />
          <Typography.Text type="secondary" className="closer-product-count" data-testid="product-count">
            {t('opps.product.count', { count: shown.length })}
          </Typography.Text>
        </Flex>
        {phone ? (
          phoneList
        ) : (
          <Table<Product>
            rowKey="id"
            columns={columns}
            dataSource={shown}
            loading={products.loading}
            pagination={shown.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 1040 }}
            rowClassName={(product) => (product.active ? '' : 'closer-product-row--inactive')}
            locale={{ emptyText: <Empty description={t('opps.product.empty')} /> }}
            data-testid="products-table"
          />
        )}
      </Card>
      {editing && (
        <ProductDrawer
          key={editing.product ? `${editing.product.id}:${editing.product.version}` : 'new'}
          product={editing.product}
          currency={user.tenant.currency ?? 'CNY'}
          lines={lines}
          onClose={() => setEditing(null)}
          onSaved={saved}
          onStale={() => editing.product && void refresh(editing.product.id)}
        />
      )}
    </div>
  );
}
