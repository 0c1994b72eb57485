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

/** Builds the entries of one access level; `nav` puts the page in the main navigation. */
const pagesFor =
  (access: PageRoute['access']) =>
  (path: string, page: ReactNode, nav?: string): PageRoute => ({ path, access, page, ...(nav && { nav }) });
/** Pages for signed-in users (others go to the login page, which comes back). */
const signedIn = pagesFor('signedIn');
/** Pages anyone may open. */
const anyone = pagesFor('public');
/** Pages for administrators only. */
const admin = pagesFor('admin');

/** Every page of the app, in the order of the main navigation. */
export const PAGES: PageRoute[] = [
  signedIn('dashboard', <DashboardPage />, 'Dashboard'),
  signedIn('playground', <PlaygroundPage />, 'Playground'),
  signedIn('batch', <BatchPage />, 'Batch'),
  signedIn('jobs', <JobsPage />, 'Jobs'),
  signedIn('jobs/:id', <JobDetailPage />),
  signedIn('usage', <UsageLogPage />, 'Usage log'),
  signedIn('tokens', <ApiTokensPage />, 'API tokens'),
  signedIn('webhooks', <WebhooksPage />, 'Webhooks'),
  signedIn('billing', <BillingPage />, 'Billing'),
  signedIn('billing/success', <CheckoutSuccessPage />),
  signedIn('billing/cancel', <CheckoutCancelPage />),
  anyone('developers', <DevelopersPage />, 'Developers'),
  signedIn('settings', <SettingsPage />, 'Settings'),
  signedIn('privacy-center', <PrivacyCenterPage />, 'Privacy'),
  admin('admin', <AdminPage />, 'Admin'),
  admin('admin/users/:userId', <AdminUserDetailPage />),
  anyone('signup', <SignUpPage />),
  anyone('login', <LoginPage />),
  anyone('privacy', <PrivacyPolicyPage />),
  anyone('terms', <TermsPage />),
  anyone('contact', <ContactPage />),
];
