import { lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AdminUserDetailPage } from '../features/admin/AdminUserDetailPage';
import { ApiTokensPage } from '../features/api-tokens/ApiTokensPage';
import { BatchPage } from '../features/batch/BatchPage';
import { BillingPage } from '../features/billing/BillingPage';
import { CheckoutCancelPage, CheckoutSuccessPage } from '../features/billing/CheckoutResultPages';
import { LoginPage } from '../features/auth/LoginPage';
import { ContactPage } from '../features/contact/ContactPage';
import { SignUpPage } from '../features/auth/SignUpPage';
import { DashboardPage } from '../features/dashboard/DashboardPage';
import { JobDetailPage } from '../features/jobs/JobDetailPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { PrivacyPolicyPage, TermsPage } from '../features/legal/PrivacyPolicyPage';
import { PlaygroundPage } from '../features/playground/PlaygroundPage';
import { PrivacyCenterPage } from '../features/privacy-center/PrivacyCenterPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { UsageLogPage } from '../features/usage-log/UsageLogPage';
import { WebhooksPage } from '../features/webhooks/WebhooksPage';
import { AppLayout } from './AppLayout';
import { RequireAdmin, RequireSignedIn } from './guards';
import { NotFoundPage } from './NotFoundPage';

// GraphiQL (monaco) is large: load it only when the developers page opens.
const DevelopersPage = lazy(() => import('../features/developers/DevelopersPage').then((m) => ({ default: m.DevelopersPage })));

const signedIn = (page: ReactNode) => <RequireSignedIn>{page}</RequireSignedIn>;

export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<Navigate to="/dashboard" replace />} />
        <Route path="signup" element={<SignUpPage />} />
        <Route path="login" element={<LoginPage />} />
        <Route path="privacy" element={<PrivacyPolicyPage />} />
        <Route path="terms" element={<TermsPage />} />
        <Route path="contact" element={<ContactPage />} />
        <Route path="dashboard" element={signedIn(<DashboardPage />)} />
        <Route path="settings" element={signedIn(<SettingsPage />)} />
        <Route path="playground" element={signedIn(<PlaygroundPage />)} />
        <Route path="batch" element={signedIn(<BatchPage />)} />
        <Route path="jobs" element={signedIn(<JobsPage />)} />
        <Route path="jobs/:id" element={signedIn(<JobDetailPage />)} />
        <Route path="webhooks" element={signedIn(<WebhooksPage />)} />
        <Route path="tokens" element={signedIn(<ApiTokensPage />)} />
        <Route path="billing" element={signedIn(<BillingPage />)} />
        <Route path="billing/success" element={signedIn(<CheckoutSuccessPage />)} />
        <Route path="billing/cancel" element={signedIn(<CheckoutCancelPage />)} />
        <Route path="privacy-center" element={signedIn(<PrivacyCenterPage />)} />
        <Route path="usage" element={signedIn(<UsageLogPage />)} />
        <Route path="developers" element={<DevelopersPage />} />
        <Route path="admin" element={<RequireAdmin><AdminPage /></RequireAdmin>} />
        <Route path="admin/users/:userId" element={<RequireAdmin><AdminUserDetailPage /></RequireAdmin>} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
