import { Form, type FormInstance } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { leadsApi } from '../api/leads';
import type { Duplicate, DuplicateQuery } from '../api/types';

/**
 * Only values worth a lookup: a company of two or more characters, a phone with at least
 * seven digits, an e-mail with an @, an 18-character credit code. Masked values (pool
 * leads) are left out: they would match nothing or the wrong record.
 */
export function duplicateQueryOf(fields: DuplicateQuery): DuplicateQuery {
  const query: DuplicateQuery = {};
  const company = fields.company_name?.trim();
  if (company && company.length >= 2) query.company_name = company;
  const phone = fields.phone?.trim();
  if (phone && !phone.includes('*') && phone.replace(/\D/g, '').length >= 7) query.phone = phone;
  const email = fields.email?.trim();
  if (email && !email.includes('*') && /.@./.test(email)) query.email = email;
  const code = fields.credit_code?.trim();
  if (code && code.length === 18) query.credit_code = code;
  return query;
}

/**
 * Looks for duplicates of what is being typed, `delay` ms after the last change (and again
 * whenever `refresh` changes, e.g. a record's version after a merge). Failures only mean no
 * warning: the server checks again when the record is saved.
 */
export function useDuplicateCheck(
  fields: DuplicateQuery,
  options: { excludeId?: string; delay?: number; enabled?: boolean; refresh?: unknown } = {},
) {
  const { excludeId, delay = 400, enabled = true, refresh } = options;
  const query = useMemo(
    () => duplicateQueryOf(fields),
    [fields.company_name, fields.phone, fields.email, fields.credit_code], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const key = JSON.stringify(query);
  const [state, setState] = useState<{ key: string; items: Duplicate[] }>({ key: '{}', items: [] });

  useEffect(() => {
    if (!enabled || key === '{}') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      leadsApi.duplicates(JSON.parse(key) as DuplicateQuery, controller.signal).then(
        (page) => setState({ key, items: page.items }),
        () => undefined,
      );
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, delay, enabled, refresh]);

  // The previous answer stays while a newer one is on its way, so warnings do not flicker.
  const active = enabled && key !== '{}';
  const items = useMemo(
    () => (active ? state.items : []).filter((d) => !(excludeId && d.record_type === 'lead' && d.id === excludeId)),
    [active, state.items, excludeId],
  );
  return { items, pending: enabled && key !== '{}' && state.key !== key };
}

/**
 * Looks for duplicates of what is typed into a new record's form: its name (`company_name`
 * of a lead, `name` of a customer), phone, e-mail and credit code.
 */
export function useFormDuplicateCheck(form: FormInstance, nameField: 'company_name' | 'name', enabled: boolean) {
  const name = Form.useWatch<string | undefined>(nameField, form);
  const phone = Form.useWatch<string | undefined>('phone', form);
  const email = Form.useWatch<string | undefined>('email', form);
  const creditCode = Form.useWatch<string | undefined>('credit_code', form);
  return useDuplicateCheck({ company_name: name, phone, email, credit_code: creditCode }, { enabled });
}
