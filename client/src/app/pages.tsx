import { lazy, type ReactNode } from 'react';
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

// GraphiQL (monaco) is large: load it only when the developers page opens.
const DevelopersPage = lazy(() => import('../features/developers/DevelopersPage').then((m) => ({ default: m.DevelopersPage })));

export interface PageRoute {
  path: string;
  page: ReactNode;
  /** Who may open it: anyone, a signed-in user (others go to the login page, which comes back), or an administrator. */
  access: 'public' | 'signedIn' | 'admin';
  /** Its label in the main navigation, which signed-in users see (admin pages only administrators). */
  nav?: string;
}

/** Every page of the app, in the order of the main navigation. */
export const PAGES: PageRoute[] = [
  { path: 'dashboard', access: 'signedIn', nav: 'Dashboard', page: <DashboardPage /> },
  { path: 'playground', access: 'signedIn', nav: 'Playground', page: <PlaygroundPage /> },
  { path: 'batch', access: 'signedIn', nav: 'Batch', page: <BatchPage /> },
  { path: 'jobs', access: 'signedIn', nav: 'Jobs', page: <JobsPage /> },
  { path: 'jobs/:id', access: 'signedIn', page: <JobDetailPage /> },
  { path: 'usage', access: 'signedIn', nav: 'Usage log', page: <UsageLogPage /> },
  { path: 'tokens', access: 'signedIn', nav: 'API tokens', page: <ApiTokensPage /> },
  { path: 'webhooks', access: 'signedIn', nav: 'Webhooks', page: <WebhooksPage /> },
  { path: 'billing', access: 'signedIn', nav: 'Billing', page: <BillingPage /> },
  { path: 'billing/success', access: 'signedIn', page: <CheckoutSuccessPage /> },
  { path: 'billing/cancel', access: 'signedIn', page: <CheckoutCancelPage /> },
  { path: 'developers', access: 'public', nav: 'Developers', page: <DevelopersPage /> },
  { path: 'settings', access: 'signedIn', nav: 'Settings', page: <SettingsPage /> },
  { path: 'privacy-center', access: 'signedIn', nav: 'Privacy', page: <PrivacyCenterPage /> },
  { path: 'admin', access: 'admin', nav: 'Admin', page: <AdminPage /> },
  { path: 'admin/users/:userId', access: 'admin', page: <AdminUserDetailPage /> },
  { path: 'signup', access: 'public', page: <SignUpPage /> },
  { path: 'login', access: 'public', page: <LoginPage /> },
  { path: 'privacy', access: 'public', page: <PrivacyPolicyPage /> },
  { path: 'terms', access: 'public', page: <TermsPage /> },
  { path: 'contact', access: 'public', page: <ContactPage /> },
];
