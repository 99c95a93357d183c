import { Spin } from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { CurrentUser, SessionResponse } from '../api/types';
import { isLanguage } from '../i18n/messages';
import { useI18n } from '../i18n/useI18n';
import { SignInPage } from '../pages/SignInPage';
import { rememberSignedIn, sessionUser, SessionContext, type SessionValue } from './session';

type State =
  | { status: 'loading' }
  | { status: 'signedOut'; expired: boolean; error?: unknown }
  | { status: 'signedIn'; user: CurrentUser };

/** Shows the sign-in page until there is a session, then the app with the session in context. */
export function SessionGate({ children }: { children: ReactNode }) {
  const { t, setLanguage } = useI18n();
  const [state, setState] = useState<State>({ status: 'loading' });

  const accept = useCallback(
    (session: SessionResponse) => {
      setCsrfToken(session.csrf_token);
      if (isLanguage(session.user.language)) setLanguage(session.user.language);
      const user = sessionUser(session.user);
      rememberSignedIn(Boolean(user));
      setState(user ? { status: 'signedIn', user } : { status: 'signedOut', expired: false });
    },
    [setLanguage],
  );

  useEffect(() => {
    let live = true;
    api.me().then(
      (session) => live && accept(session),
      (error: unknown) => {
        if (!live) return;
        const missing = error instanceof ApiError && error.status === 401;
        if (missing) rememberSignedIn(false);
        setState({ status: 'signedOut', expired: false, error: missing ? undefined : error });
      },
    );
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      rememberSignedIn(false);
      setState({ status: 'signedOut', expired: true });
    });
    return () => {
      live = false;
      setUnauthorizedHandler(null);
    };
  }, [accept]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      rememberSignedIn(false);
      setState({ status: 'signedOut', expired: false });
    }
  }, []);

  const user = state.status === 'signedIn' ? state.user : null;
  const value = useMemo<SessionValue | null>(
    () =>
      user && {
        user,
        can: (permission) => user.permissions.includes(permission),
        replaceUser: (next) =>
          setState((previous) =>
            previous.status === 'signedIn'
              ? { status: 'signedIn', user: sessionUser(next, previous.user) ?? previous.user }
              : previous,
          ),
        signOut,
      },
    [user, signOut],
  );

  if (state.status === 'loading') {
    return (
      <div className="closer-fullscreen-center" data-testid="app-loading">
        <Spin size="large" tip={t('app.loading')}>
          <div style={{ width: 120, height: 80 }} />
        </Spin>
      </div>
    );
  }
  if (state.status === 'signedOut' || !value) {
    const expired = state.status === 'signedOut' && state.expired;
    return <SignInPage onSignedIn={accept} notice={expired ? t('error.sessionEnded') : undefined} />;
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
