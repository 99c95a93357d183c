// Compile-time guard: every field name of the hand-written wire types in `types.ts` must exist
// in the server's OpenAPI document (`schema.d.ts`, made by `npm run gen:api`). A renamed or
// removed field on the server fails `npm run typecheck` here instead of at run time.
import type { components } from './schema';
import type {
  CurrentUser,
  Department,
  DepartmentInput,
  HistoryChange,
  HistoryEntry,
  LoginRequest,
  MePatch,
  Notification,
  PermissionInfo,
  Problem,
  Role,
  RoleInput,
  SessionResponse,
  TenantRef,
  User,
  UserCreate,
  UserPatch,
} from './types';

type S = components['schemas'];
type Unknown<Ours, Theirs> = Exclude<keyof Ours, keyof Theirs>;
/** `true` when every key of Ours is a key of Theirs; otherwise names the strays. */
type KnownKeys<Ours, Theirs> = [Unknown<Ours, Theirs>] extends [never] ? true : { notInSchema: Unknown<Ours, Theirs> };

export const wireTypesMatchSchema: [
  KnownKeys<User, S['UserDto']>,
  KnownKeys<Omit<CurrentUser, keyof User>, S['UserDto']>,
  KnownKeys<TenantRef, S['TenantDto']>,
  KnownKeys<SessionResponse, S['SignedIn']>,
  KnownKeys<LoginRequest, S['LoginRequest']>,
  KnownKeys<MePatch, S['UpdateMe']>,
  KnownKeys<Department, S['DepartmentDto']>,
  KnownKeys<DepartmentInput, S['NewDepartment']>,
  KnownKeys<DepartmentInput, S['DepartmentPatch']>,
  KnownKeys<UserCreate, S['NewUser']>,
  KnownKeys<UserPatch, S['UserPatch']>,
  KnownKeys<Role, S['RoleDto']>,
  KnownKeys<RoleInput, S['NewRole']>,
  KnownKeys<Omit<RoleInput, 'key'>, S['RolePatch']>,
  KnownKeys<PermissionInfo, S['PermissionDto']>,
  KnownKeys<Notification, S['NotificationDto']>,
  KnownKeys<HistoryEntry, S['HistoryEntryDto']>,
  KnownKeys<HistoryChange, S['ChangeDto']>,
  KnownKeys<Problem, S['Problem']>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
