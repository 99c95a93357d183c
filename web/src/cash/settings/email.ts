// The e-mail settings form's values and the body it saves: the password is sent only when typed
// (left out it stays as saved), or as "" when the user chose to remove it.
import type { EmailSettingsInput } from '../../api/types';

export interface EmailValues {
  enabled?: boolean;
  host?: string;
  port?: number | null;
  security?: string;
  username?: string;
  /** Typed to replace the saved one; empty keeps it. */
  password?: string;
  /** Remove the saved password. */
  clear_password?: boolean;
  from_address?: string;
  from_name?: string;
}

export function emailBody(values: EmailValues): EmailSettingsInput {
  const body: EmailSettingsInput = {
    enabled: Boolean(values.enabled),
    host: (values.host ?? '').trim(),
    port: values.port ?? 587,
    security: values.security ?? 'starttls',
    username: (values.username ?? '').trim(),
    from_address: (values.from_address ?? '').trim(),
    from_name: (values.from_name ?? '').trim(),
  };
  if (values.password) body.password = values.password;
  else if (values.clear_password) body.password = '';
  return body;
}
