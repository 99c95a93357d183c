// Every HTTP call the UI makes goes through this module.
import type { Language } from '../i18n/messages';
import type {
  Count,
  Department,
  DepartmentCreate,
  DepartmentPatch,
  History,
  Job,
  LoginRequest,
  MePatch,
  Notification,
  Page,
  PermissionInfo,
  Problem,
  Role,
  RoleCreate,
  RolePatch,
  SessionResponse,
  User,
  UserCreate,
  UserPatch,
} from './types';

/** Paging and search of the admin lists. */
export interface ListQuery {
  limit?: number;
  cursor?: string | null;
  q?: string;
}

/** The records whose change history the UI shows. */
export type HistoryResource = 'departments' | 'users' | 'roles' | 'leads' | 'opportunities' | 'contracts';

const BASE = '/api/v1';

/** A failed API call; `status` 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

let csrfToken: string | null = null;
let acceptLanguage = 'en';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The server translates problem documents by `Accept-Language`: `zh-CN` or `en`. */
export function setApiLanguage(language: Language): void {
  acceptLanguage = language === 'zh-CN' ? 'zh-CN' : 'en';
}

/** Called when a request answers 401 outside sign-in: the session has ended. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as it is (a file upload) instead of JSON; `headers` name its type. */
  rawBody?: Blob;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | null | undefined>;
  ifMatch?: number;
  /** Skip the session-ended callback (sign-in and session probes expect 401). */
  expectUnauthorized?: boolean;
  signal?: AbortSignal;
}

/** The full URL of an API path, e.g. for a download link (GETs need no CSRF token). */
export function apiUrl(path: string, query?: RequestOptions['query']): string {
  return buildUrl(path, query);
}

function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return `${BASE}${path}${text ? `?${text}` : ''}`;
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return (await response.json()) as Problem;
    } catch {
      // fall through to the bare status
    }
  }
  return { status: response.status, title: response.statusText };
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.ifMatch !== undefined) headers['If-Match'] = `"${options.ifMatch}"`;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, { status: 0, code: 'network' });
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && !options.expectUnauthorized) onUnauthorized?.();
    throw new ApiError(response.status, problem);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

function listQuery(query: ListQuery = {}): RequestOptions['query'] {
  return { limit: query.limit, cursor: query.cursor, q: query.q };
}

/**
 * Reads a list whole, following `next_cursor` (bounded): for short lists such as departments,
 * campaigns or saved views, which most endpoints answer in one page anyway.
 */
export async function readAll<T>(path: string, query: RequestOptions['query'] = {}, maxPages = 20): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page += 1) {
    const result: Page<T> = await request<Page<T>>('GET', path, { query: { ...query, cursor } });
    all.push(...result.items);
    cursor = result.next_cursor ?? null;
    if (!cursor) break;
  }
  return all;
}

/** An admin list in pages of 500. */
const listAll = <T>(path: string) => readAll<T>(path, { limit: 500 });

export const api = {
  login: (body: LoginRequest) =>
    request<SessionResponse>('POST', '/auth/login', { body, expectUnauthorized: true }),
  logout: () => request<void>('POST', '/auth/logout', { expectUnauthorized: true }),
  me: () => request<SessionResponse>('GET', '/me', { expectUnauthorized: true }),
  updateMe: (body: MePatch) => request<User>('PATCH', '/me', { body }),

  departments: () => listAll<Department>('/departments'),
  department: (id: string) => request<Department>('GET', `/departments/${id}`),
  createDepartment: (body: DepartmentCreate) =>
    request<Department>('POST', '/departments', { body }),
  updateDepartment: (id: string, body: DepartmentPatch, version?: number) =>
    request<Department>('PATCH', `/departments/${id}`, { body, ifMatch: version }),

  users: (query?: ListQuery) => request<Page<User>>('GET', '/users', { query: listQuery(query) }),
  allUsers: () => listAll<User>('/users'),
  user: (id: string) => request<User>('GET', `/users/${id}`),
  createUser: (body: UserCreate) => request<User>('POST', '/users', { body }),
  updateUser: (id: string, body: UserPatch, version?: number) =>
    request<User>('PATCH', `/users/${id}`, { body, ifMatch: version }),
  deactivateUser: (id: string) => request<User>('POST', `/users/${id}/deactivate`),
  reactivateUser: (id: string) => request<User>('POST', `/users/${id}/reactivate`),
  resetPassword: (id: string, password: string) =>
    request<void>('POST', `/users/${id}/password`, { body: { password } }),

  roles: () => listAll<Role>('/roles'),
  role: (id: string) => request<Role>('GET', `/roles/${id}`),
  createRole: (body: RoleCreate) => request<Role>('POST', '/roles', { body }),
  updateRole: (id: string, body: RolePatch, version?: number) =>
    request<Role>('PATCH', `/roles/${id}`, { body, ifMatch: version }),
  permissions: () => request<Page<PermissionInfo>>('GET', '/permissions'),

  notifications: (unreadOnly: boolean, query?: ListQuery) =>
    request<Page<Notification>>('GET', '/notifications', {
      query: { ...listQuery(query), unread: unreadOnly ? true : undefined },
    }),
  unreadCount: () => request<Count>('GET', '/notifications/unread-count'),
  markRead: (id: string) => request<unknown>('POST', `/notifications/${id}/read`),
  markAllRead: () => request<unknown>('POST', '/notifications/read-all'),

  /** A background job (an import, a recompute) as it progresses. */
  job: (id: string) => request<Job>('GET', `/jobs/${id}`),

  history: (resource: HistoryResource, id: string) =>
    request<History>('GET', `/${resource}/${id}/history`),
};
