import { Spin } from 'antd';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import { AntdRoot } from './app/AntdRoot';
import { SessionGate } from './auth/SessionGate';
import { wasSignedIn } from './auth/session';
import { I18nProvider } from './i18n/I18nProvider';
import './styles.css';

// The signed-in application (its layout, menus and routes) loads once there is a session, so
// the sign-in page carries only what it shows.
const loadApp = () => import('./app/AppRoutes').then((m) => ({ default: m.AppRoutes }));
const AppRoutes = lazy(loadApp);
// Someone signed in last time most likely still is: fetch the application beside `/me`
// rather than after it.
if (wasSignedIn()) void loadApp();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <AntdRoot>
          <BrowserRouter>
            <SessionGate>
              <Suspense
                fallback={
                  <div className="closer-page-loading">
                    <Spin />
                  </div>
                }
              >
                <AppRoutes />
              </Suspense>
            </SessionGate>
          </BrowserRouter>
        </AntdRoot>
      </I18nProvider>
    </StrictMode>,
  );
}
