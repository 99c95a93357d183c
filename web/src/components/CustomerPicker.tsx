import { Select, Spin } from 'antd';
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { customersApi } from '../api/customers';
import { useI18n } from '../i18n/useI18n';

export interface CustomerOption {
  id: string;
  name: string;
}

const PAGE = 20;
const DEBOUNCE_MS = 250;

/**
 * A customer chosen by typing part of its name: asks `GET /customers?q=` as the user types
 * (the customers the caller may see), newest first before anything is typed.
 */
export function CustomerPicker({
  value,
  onChange,
  initial,
  disabled,
  id,
  style,
  ...rest
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** A customer to show before any search, e.g. the one already chosen. */
  initial?: CustomerOption | null;
  disabled?: boolean;
  id?: string;
  style?: CSSProperties;
  'data-testid'?: string;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [options, setOptions] = useState<CustomerOption[]>(initial ? [initial] : []);
  const [loading, setLoading] = useState(false);
  const round = useRef(0);
  // The chosen customer keeps its name while other searches come and go.
  const [picked, setPicked] = useState<CustomerOption | null>(initial ?? null);

  useEffect(() => {
    if (disabled) return;
    const mine = ++round.current;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      customersApi.list({ q: query.trim() || undefined }, { limit: PAGE }, controller.signal).then(
        (page) => {
          if (mine !== round.current) return;
          setOptions(page.items.map((c) => ({ id: c.id, name: c.name })));
          setLoading(false);
        },
        () => {
          if (mine === round.current) setLoading(false);
        },
      );
    }, query ? DEBOUNCE_MS : 0);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [query, disabled]);

  const chosen = picked && picked.id === value ? picked : undefined;
  const all = chosen && !options.some((o) => o.id === chosen.id) ? [chosen, ...options] : options;

  return (
    <Select
      id={id}
      showSearch
      allowClear
      value={value}
      disabled={disabled}
      filterOption={false}
      onSearch={setQuery}
      onChange={(next?: string) => {
        setPicked(all.find((o) => o.id === next) ?? null);
        onChange?.(next);
      }}
      placeholder={t('opps.create.customerSearch')}
      style={style}
      notFoundContent={loading ? <Spin size="small" /> : t('opps.create.noCustomer')}
      options={all.map((c) => ({ value: c.id, label: c.name }))}
      data-testid={rest['data-testid']}
    />
  );
}
