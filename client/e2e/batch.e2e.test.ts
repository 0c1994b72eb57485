import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { useBuiltApp } from './support/app';
import { screenshot } from './support/browser';
import { expectHeaderBalance, newTestUser, signUpThroughForm } from './support/flows';
import { FIXTURES_DIR } from './support/server';

const IMAGES = ['chelsea.png', 'coffee.png', 'horse.png'];
/** The models' time on a loaded 2-core machine. */
const MODEL_TIME = 180_000;

/**
 * A batch of three images through the built server: one multipart request, three jobs run by the
 * server's own workers, each row reaching SUCCEEDED (live over the job subscription, or by polling
 * where the socket is not available), and the results downloaded as JSON.
 */
const app = useBuiltApp();

describe('batch analysis', () => {
  it('uploads three images as one batch, follows every job to SUCCEEDED, and downloads the results as JSON', async () => {
    const { page } = app.browser;
    await signUpThroughForm(page, newTestUser('batch'));
    await expectHeaderBalance(page, 50);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Batch' }).click();
    await page.waitForURL('**/batch');
    await page.getByRole('radio', { name: /Object detection/ }).check();
    // One multipart request carries the three files.
    let uploads = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql') && (request.headers()['content-type'] ?? '').startsWith('multipart/form-data')) uploads += 1;
    });
    // Progress comes live over the job subscription (graphql-ws on /graphql): the statuses it pushed.
    const pushed: string[] = [];
    page.on('websocket', (socket) => {
      if (!socket.url().endsWith('/graphql')) return;
      socket.on('framereceived', ({ payload }) => {
        const message = JSON.parse(String(payload)) as { type: string; payload?: { data?: { jobUpdated?: { status: string } } } };
        const status = message.type === 'next' ? message.payload?.data?.jobUpdated?.status : undefined;
        if (status) pushed.push(status);
      });
    });
    await page.getByTestId('batch-file-input').setInputFiles(IMAGES.map((image) => path.join(FIXTURES_DIR, image)));
    await expect.poll(() => page.getByTestId('picked-count').textContent()).toBe('3 of 50 images');
    const run = page.getByRole('button', { name: /^Run Object detection on 3 images/ });
    const price = Number(((await run.textContent()) ?? '').replace(/.*·\s*(\d+) credits.*/, '$1'));
    expect(price).toBeGreaterThan(0);
    await run.click();

    const rows = page.getByTestId('batch-row');
    await expect.poll(() => rows.count()).toBe(3);
    // Charged at submit, for the three jobs.
    await expectHeaderBalance(page, 50 - price);
    expect(uploads).toBe(1);
    const batches = await app.server.sql<{ jobs: string; batches: string }>(`SELECT count(*) AS jobs, count(DISTINCT batch_id) AS batches FROM jobs`);
    expect(batches).toEqual([{ jobs: '3', batches: '1' }]);

    // Each row lands on its own; remember what was seen on the way.
    const seen = new Set<string>();
    const statuses = async () => {
      const values = await rows.getByTestId('job-status').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status') ?? ''));
      values.forEach((value) => seen.add(value));
      return values;
    };
    await expect.poll(statuses, { timeout: MODEL_TIME, interval: 250 }).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    console.info(`batch e2e: statuses seen on the way: ${[...seen].join(', ')}; pushed over the socket: ${pushed.join(', ')}`);
    expect(pushed.filter((status) => status === 'SUCCEEDED')).toHaveLength(3);
    await expect.poll(() => page.getByRole('progressbar', { name: 'Batch progress' }).getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('batch-counts').textContent()).toBe('3 of 3 finished · 3 succeeded');
    expect(await rows.getByRole('cell', { name: /^chelsea\.png$/ }).count()).toBe(1);
    const summaries = await rows.getByTestId('batch-result-summary').allTextContents();
    expect(summaries).toHaveLength(3);
    for (const summary of summaries) expect(summary).toMatch(/^(\d+ objects?: .+|No object)$/);
    await screenshot(page, 'batch-done');
    await expectAccessible(page, 'the batch page with a finished batch');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^visiongate-batch-.+\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(exported.jobs.map((job: { file: string }) => job.file)).toEqual(IMAGES);
    for (const job of exported.jobs) {
      expect(job.status).toBe('SUCCEEDED');
      expect(job.feature).toBe('OBJECT_DETECTION');
      expect(Array.isArray(job.result.objects)).toBe(true);
    }
    // The file holds what the rows summarize.
    exported.jobs.forEach((job: { result: { objects: unknown[] } }, index: number) => {
      const count = job.result.objects.length;
      expect(summaries[index]).toMatch(count ? new RegExp(`^${count} objects?: `) : /^No object$/);
    });

    // The jobs list shows the batch, and a job's page draws its result.
    await page.getByRole('link', { name: 'In the jobs list' }).click();
    await page.waitForURL(/\/jobs\?batchId=/);
    const jobRows = page.getByTestId('job-row');
    await expect.poll(() => jobRows.count()).toBe(3);
    expect(await jobRows.getByTestId('job-status').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-status')))).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    await expectAccessible(page, 'the jobs list');
    await jobRows.first().getByRole('link', { name: /Object detection job/ }).click();
    await page.getByTestId('result-summary').waitFor();
    expect(await page.getByTestId('object-box').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'a job page');

    await page.goto('/webhooks');
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await page.getByLabel('Account signing secret').waitFor();
    expect(await page.getByLabel('Account signing secret').textContent()).toMatch(/^whsec_/);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, 'the webhooks page');
  }, MODEL_TIME + 120_000);
});
