// Hand-written wire types for the endpoints the UI uses. `npm run gen:api` writes
// `schema.d.ts` from the server's OpenAPI document; these shapes follow the same names.

export type Language = 'zh-CN' | 'en-US';
export type DataScope = 'own' | 'department' | 'subtree' | 'tenant';

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  time_zone?: string;
  currency?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role_id: string;
  role_key: string;
  department_id: string;
  language: Language | null;
  active: boolean;
  permissions: string[];
  data_scope: DataScope;
  version: number;
  created_at: string;
}

export interface CurrentUser extends User {
  tenant: TenantRef;
}

export interface SessionResponse {
  user: CurrentUser;
  csrf_token: string;
}

export interface LoginRequest {
  tenant: string;
  email: string;
  password: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

export interface ListQuery {
  limit?: number;
  cursor?: string | null;
  q?: string;
}

export interface Department {
  id: string;
  name: string;
  parent_id: string | null;
  is_sales_region: boolean;
  head_user_id: string | null;
  version: number;
}

export interface DepartmentInput {
  name?: string;
  parent_id?: string | null;
  is_sales_region?: boolean;
  head_user_id?: string | null;
}

export interface UserCreate {
  email: string;
  name: string;
  password: string;
  role_id: string;
  department_id?: string;
  language?: Language | null;
}

export interface UserPatch {
  name?: string;
  department_id?: string;
  role_id?: string;
  language?: Language | null;
}

export interface MePatch {
  language?: Language;
  name?: string;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  data_scope: DataScope;
  permissions: string[];
  is_builtin: boolean;
  version: number;
}

export interface RoleInput {
  key?: string;
  name?: string;
  data_scope?: DataScope;
  permissions?: string[];
}

export interface PermissionInfo {
  key: string;
  area: string;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface HistoryChange {
  field: string;
  old: unknown;
  new: unknown;
}

export interface HistoryEntry {
  at: string;
  actor: { id: string; name: string } | null;
  action: string;
  changes: HistoryChange[];
}

export type HistoryResource = 'departments' | 'users' | 'roles';

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/** An RFC 9457 problem document as the server sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
}
