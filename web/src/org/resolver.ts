import { useCallback } from 'react';
import type { Department, Role, User } from '../api/types';
import { useI18n } from '../i18n/useI18n';
import { formatValue } from '../lib/format';
import type { ValueResolver } from './HistoryDrawer';

const DEPARTMENT_FIELDS = new Set(['parent_id', 'department_id']);
const USER_FIELDS = new Set(['head_user_id', 'user_id', 'owner_id']);

/** Turns ids and codes in history entries into the names a person recognises. */
export function useOrgResolver(departments: Department[], users: User[], roles: Role[] = []): ValueResolver {
  const { t, tx } = useI18n();
  return useCallback(
    (field, value) => {
      if (value === null || value === undefined || value === '') return formatValue(value);
      if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
      if (typeof value === 'string') {
        if (DEPARTMENT_FIELDS.has(field)) return departments.find((d) => d.id === value)?.name ?? value;
        if (USER_FIELDS.has(field)) return users.find((u) => u.id === value)?.name ?? value;
        if (field === 'role_id') {
          const role = roles.find((r) => r.id === value);
          return role ? tx(`role.${role.key}`, role.name) : value;
        }
        if (field === 'data_scope') return tx(`scope.${value}`, value);
        if (field === 'language') return tx(`lang.${value}`, value);
      }
      if (field === 'permissions' && Array.isArray(value)) {
        return value.map((key) => tx(`perm.${String(key)}`, String(key))).join(t('common.listSeparator'));
      }
      return formatValue(value);
    },
    [departments, users, roles, t, tx],
  );
}
