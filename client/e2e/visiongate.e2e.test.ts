import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { useBuiltApp } from './support/app';
import { openBrowser, screenshot, type BrowserSession } from './support/browser';
import { expectHeaderBalance, headerBalance, logInThroughForm, newTestUser, signUpThroughForm, type TestUser } from './support/flows';
import { FIXTURES_DIR } from './support/server';

/**
 * The dashboard in headless Chromium against the built server and a fresh database.
 * One user walks through the product in order: sign up, tokens, a vision call, a purchase,
 * the data export and finally the deletion of the account.
 */
const app = useBuiltApp();
const user: TestUser = newTestUser('walkthrough');

describe('VisionGate dashboard', () => {
  it('signs up and shows the 50 free credits', async () => {
    const { page } = app.browser;
    await page.goto('/signup');
    await screenshot(page, 'signup');
    await signUpThroughForm(page, user);
    await expectHeaderBalance(page, 50);
    await expect.poll(() => page.getByTestId('dashboard-balance').textContent()).toBe('50');
    await page.getByTestId('daily-usage-chart').waitFor();
    await screenshot(page, 'dashboard');
  });

  it('logs out, and logs back in', async () => {
    const { page } = app.browser;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await expect.poll(() => page.getByTestId('header-balance').count()).toBe(0);
    await screenshot(page, 'login');
    await logInThroughForm(page, user);
    await page.waitForURL('**/dashboard');
    await expectHeaderBalance(page, 50);
  });

  it('creates an API token whose secret is shown once and is gone after a reload', async () => {
    const { page } = app.browser;
    await page.goto('/tokens');
    await page.getByLabel('Name').fill('e2e pipeline');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secretElement = page.getByTestId('api-token-secret');
    await secretElement.waitFor();
    const secret = (await secretElement.textContent())!.trim();
    expect(secret).toMatch(/^vg_[A-Za-z0-9_-]{30,}$/);
    await screenshot(page, 'api-token-created');

    // The secret really authenticates API calls.
    const response = await fetch(`${app.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query: '{ me { email } }' }),
    });
    expect((await response.json()).data.me.email).toBe(user.email);

    await page.getByLabel('I have stored the secret somewhere safe.').check();
    await page.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByTestId('api-token-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await page.reload();
    await page.getByTestId('api-token-row').first().waitFor();
    const rowText = await page.getByTestId('api-token-row').first().textContent();
    expect(rowText).toContain('e2e pipeline');
    expect(rowText).toContain(secret.slice(0, 8));
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'api-tokens');
  });

  it('estimates the pose on astronaut.png and draws the skeleton over the image', async () => {
    const { page } = app.browser;
    await page.goto('/playground');
    const poseOption = page.getByRole('radio', { name: /Pose estimation/ });
    await poseOption.check();
    const price = Number(((await page.getByRole('button', { name: /^Run Pose estimation/ }).textContent()) ?? '').replace(/.*·\s*(\d+).*/, '$1'));
    expect(price).toBeGreaterThan(0);
    const before = await headerBalance(page);
    await page.getByTestId('image-file-input').setInputFiles(path.join(FIXTURES_DIR, 'astronaut.png'));
    await page.getByRole('img', { name: 'Selected image' }).waitFor();
    await page.getByRole('button', { name: /^Run Pose estimation/ }).click();
    await page.getByTestId('pose-skeleton').first().waitFor({ timeout: 90_000 });
    // A body was found: most of the 16 bones and 17 keypoints are drawn on the SVG overlay.
    expect(await page.getByTestId('skeleton-bone').count()).toBeGreaterThanOrEqual(8);
    expect(await page.getByTestId('pose-keypoint').count()).toBeGreaterThanOrEqual(10);
    const overlayBox = await page.getByTestId('result-overlay').boundingBox();
    expect(overlayBox!.width).toBeGreaterThan(100);
    // The paid call lowered the header balance without a reload.
    await expectHeaderBalance(page, before - price);
    await screenshot(page, 'playground-pose');
  });

  it('shows OCR text beside its polygons, object boxes, and a cut-out on a checkerboard with a download button', async () => {
    const { page } = app.browser;
    await page.goto('/playground');
    // The previous feature's result may still be on screen while the next one runs, so each
    // step waits for its own kind of result, with the model's time (a loaded 2-core machine).
    const MODEL_TIME = { timeout: 90_000 };
    const run = async (feature: RegExp, image: string) => {
      await page.getByRole('radio', { name: feature }).check();
      await page.getByTestId('image-file-input').setInputFiles(path.join(FIXTURES_DIR, image));
      await page.getByRole('button', { name: /^Run / }).click();
      await page.getByTestId('result-summary').waitFor(MODEL_TIME);
    };

    await run(/Text recognition/, 'text.png');
    await page.getByTestId('text-polygon').first().waitFor(MODEL_TIME);
    expect((await page.getByTestId('recognized-text').textContent())!.trim().length).toBeGreaterThan(3);
    await screenshot(page, 'playground-ocr');

    await run(/Object detection/, 'chelsea.png');
    await page.getByTestId('object-box').first().waitFor(MODEL_TIME);
    await screenshot(page, 'playground-objects');

    await run(/Background removal/, 'chelsea.png');
    await page.getByTestId('produced-image').waitFor(MODEL_TIME);
    const downloadLink = page.getByRole('link', { name: 'Download PNG' });
    expect(await downloadLink.getAttribute('download')).toBe('visiongate-cutout.png');
    expect(await downloadLink.getAttribute('href')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, 'playground-cutout');
  }, 300_000);

  it('buys a credit pack through the TEST MODE checkout and the balance rises', async () => {
    const { page } = app.browser;
    await page.goto('/billing');
    const before = await headerBalance(page);
    const pack = page.getByTestId('credit-pack').first();
    await pack.waitFor();
    await screenshot(page, 'billing');
    const packCredits = Number(((await pack.locator('.stat__value').textContent()) ?? '').replace(/[^\d]/g, ''));
    expect(packCredits).toBeGreaterThan(0);
    await pack.getByRole('button').click();
    await page.waitForURL('**/test-checkout/**');
    expect(await page.content()).toContain('TEST MODE');
    await screenshot(page, 'test-checkout');
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL('**/billing/success**');
    await expectHeaderBalance(page, before + packCredits);
    await page.getByTestId('success-balance').waitFor();
    await screenshot(page, 'billing-success');
    await page.goto('/billing');
    await page.getByTestId('payment-table').getByText('Succeeded').waitFor();
    await screenshot(page, 'billing-history');
  });

  it('shows the usage log with the paid call, the settings and the privacy center', async () => {
    const { page } = app.browser;
    await page.goto('/usage');
    await page.getByTestId('usage-log-table').getByText('Pose estimation').waitFor();
    await screenshot(page, 'usage-log');
    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    // This browser's own session, marked, without a sign-out button of its own.
    await page.getByTestId('session-row').filter({ hasText: 'This device' }).waitFor();
    await screenshot(page, 'settings');
    for (const [route, heading, name] of [
      ['/privacy', 'Privacy policy', 'privacy-policy'],
      ['/contact', 'Contact us', 'contact'],
      ['/billing/cancel', 'Checkout cancelled', 'billing-cancel'],
    ] as const) {
      await page.goto(route);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await screenshot(page, name);
    }
    await page.goto('/dashboard');
    await page.getByTestId('recent-calls').getByText('Pose estimation').first().waitFor();
    await page.getByTestId('feature-breakdown-chart').waitFor();
    await screenshot(page, 'dashboard-with-usage');
  });

  it('downloads the data export as JSON', async () => {
    const { page } = app.browser;
    await page.goto('/privacy-center');
    await page.getByRole('heading', { name: 'Privacy center' }).waitFor();
    await screenshot(page, 'privacy-center');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.profile.email).toBe(user.email);
    expect(exported.formatVersion).toBeDefined();
    expect(JSON.stringify(exported)).not.toMatch(/vg_[A-Za-z0-9_-]{30,}/);
  });

  it('runs a query in the GraphiQL playground with the session cookie', async () => {
    const { page } = app.browser;
    await page.goto('/developers');
    await page.getByRole('heading', { name: 'Examples' }).waitFor();
    await screenshot(page, 'developers');
    await page.getByRole('button', { name: 'Open the playground' }).click();
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.graphiql-query-editor').textContent(), { timeout: 30_000 }).toContain('MyAccount');
    // Monaco wraps long lines inside strings: compare without whitespace. The editor may still be
    // wiring itself up on the first click, so click again while the response pane stays empty.
    const response = async () => ((await page.locator('.graphiql-response').textContent()) ?? '').replace(/\s+/g, '');
    await expect
      .poll(
        async () => {
          if ((await response()) === '') await page.getByRole('button', { name: /Execute query/ }).click();
          return response();
        },
        { timeout: 30_000, interval: 1000 },
      )
      .toContain(user.email);
    await screenshot(page, 'developers-graphiql');
  });

  it('shows the admin console to an administrator', async () => {
    const admin = await openBrowser(app.server.url);
    try {
      const { page } = admin;
      const adminUser = newTestUser('admin');
      await signUpThroughForm(page, adminUser);
      await app.server.sql(`UPDATE users SET role = 'ADMIN' WHERE email = $1`, [adminUser.email]);
      await page.goto('/admin?tab=users');
      await page.getByTestId('admin-users-table').getByText(user.email).waitFor();
      await screenshot(page, 'admin-users');
      await page.getByTestId('admin-users-table').getByRole('row').filter({ hasText: user.email }).getByRole('link').click();
      await page.waitForURL('**/admin/users/**');
      const credits = Number(await page.getByTestId('admin-user-credits').textContent());
      await page.getByLabel('Credits (+ grant, − take)').fill('7');
      await page.getByLabel('Reason').fill('e2e goodwill');
      await page.getByRole('button', { name: 'Apply adjustment' }).click();
      await expect.poll(async () => Number(await page.getByTestId('admin-user-credits').textContent())).toBe(credits + 7);
      await screenshot(page, 'admin-user-detail');
      await page.goto('/admin?tab=audit');
      await page.getByTestId('audit-log-table').getByText('credits.adjust').first().waitFor();
      await screenshot(page, 'admin-audit-log');
      for (const tab of ['payments', 'messages', 'requests']) {
        await page.goto(`/admin?tab=${tab}`);
        await page.getByRole('tab', { selected: true }).waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, `admin-${tab}`);
      }
      await page.goto('/admin?tab=platform');
      await page.getByTestId('daily-usage-chart').waitFor();
      await screenshot(page, 'admin-platform');
    } finally {
      await admin.close();
    }
  });

  it('is usable at 375 px wide', async () => {
    const narrow = await openBrowser(app.server.url, { width: 375, height: 812 });
    try {
      const { page } = narrow;
      await logInThroughForm(page, user);
      await page.waitForURL('**/dashboard');
      for (const [route, name] of [
        ['/dashboard', 'mobile-dashboard'],
        ['/playground', 'mobile-playground'],
        ['/tokens', 'mobile-tokens'],
        ['/billing', 'mobile-billing'],
      ] as const) {
        await page.goto(route);
        await page.getByRole('heading', { level: 1 }).waitFor();
        await page.waitForLoadState('networkidle');
        await screenshot(page, name);
        // The page itself never scrolls sideways (wide tables scroll inside their own box).
        const overflow = await page.evaluate(() =>
          [...document.querySelectorAll('body *')]
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 && !element.closest('.table-wrap, .tabs, .code-block'))
            .map((element) => `${element.tagName}.${element.className}`)
            .slice(0, 5),
        );
        expect({ route, overflow, width: await page.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ route, overflow: [], width: 375 });
      }
      // The credit history is wider than the screen: a visible cue says its last columns are to the right.
      await page.goto('/dashboard');
      const creditHistory = page.getByRole('region', { name: 'Credit history' });
      await creditHistory.getByTestId('credit-history-table').waitFor();
      await creditHistory.getByTestId('table-scroll-hint').waitFor();
      await expectAccessible(page, 'the dashboard at 375 px');
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
      await page.waitForURL('**/settings');
    } finally {
      await narrow.close();
    }
  });

  it('has no serious or critical accessibility violation on any page (axe-core, WCAG 2 A and AA)', async () => {
    const settle = async (page: BrowserSession['page'], route: string) => {
      await page.goto(route);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
    };
    const signedOut = await openBrowser(app.server.url);
    try {
      for (const route of ['/', '/login', '/signup', '/privacy', '/terms', '/contact', '/developers', '/no-such-page']) {
        await settle(signedOut.page, route);
        await expectAccessible(signedOut.page, `${route} signed out`);
      }
    } finally {
      await signedOut.close();
    }

    const { page } = app.browser;
    for (const route of ['/dashboard', '/playground', '/tokens', '/billing', '/billing/success', '/billing/cancel', '/usage', '/settings', '/privacy-center', '/developers', '/contact', '/privacy', '/terms']) {
      await settle(page, route);
      await expectAccessible(page, `${route} signed in`);
    }
    // The playground with an image chosen, and the usage log with filters set.
    await settle(page, '/playground');
    await page.getByTestId('image-file-input').setInputFiles(path.join(FIXTURES_DIR, 'chelsea.png'));
    await page.getByRole('img', { name: 'Selected image' }).waitFor();
    await expectAccessible(page, 'the playground with an image');

    const admin = await openBrowser(app.server.url);
    try {
      const adminUser = newTestUser('axe-admin');
      await signUpThroughForm(admin.page, adminUser);
      await app.server.sql(`UPDATE users SET role = 'ADMIN' WHERE email = $1`, [adminUser.email]);
      for (const tab of ['platform', 'users', 'payments', 'messages', 'requests', 'audit', 'credits']) {
        await settle(admin.page, `/admin?tab=${tab}`);
        await expectAccessible(admin.page, `the admin ${tab} tab`);
      }
      await settle(admin.page, '/admin?tab=users');
      await admin.page.getByTestId('admin-users-table').getByRole('row').filter({ hasText: user.email }).getByRole('link').click();
      await admin.page.getByTestId('admin-user-credits').waitFor();
      await admin.page.waitForLoadState('networkidle');
      await expectAccessible(admin.page, 'the admin user detail');
    } finally {
      await admin.close();
    }
  }, 360_000);

  it('deletes the account: signed out, and the login then fails', async () => {
    const { page } = app.browser;
    await page.goto('/privacy-center');
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    await page.getByRole('dialog').getByLabel('Password').fill(user.password);
    await screenshot(page, 'delete-account-dialog');
    await page.getByRole('button', { name: 'Delete my account permanently' }).click();
    await page.waitForURL('**/login');
    await page.getByText('Your account was deleted').waitFor();
    await expect.poll(() => page.getByTestId('header-balance').count()).toBe(0);
    const me = await page.evaluate(async () => (await (await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { id } }' }) })).json()).data.me);
    expect(me).toBeNull();

    await logInThroughForm(page, user);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/UNAUTHENTICATED|BAD_USER_INPUT/);
    expect(page.url()).toContain('/login');
    await screenshot(page, 'login-after-deletion');
  });
});
