import type { ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AppLayout } from './AppLayout';
import { RequireAdmin, RequireSignedIn } from './guards';
import { NotFoundPage } from './NotFoundPage';
import { PAGES, type PageRoute } from './pages';

const GUARDS: Record<PageRoute['access'], (page: ReactNode) => ReactNode> = {
  public: (page) => page,
  signedIn: (page) => <RequireSignedIn>{page}</RequireSignedIn>,
  admin: (page) => <RequireAdmin>{page}</RequireAdmin>,
};

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/dashboard" replace />} />
        {PAGES.map(({ path, access, page }) => (
          <Route key={path} path={path} element={GUARDS[access](page)} />
        ))}
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
