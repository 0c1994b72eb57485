import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { startFakeSentiSight } from '../modules/vision/testing/fake-sentisight';
import { multipartBody } from '../modules/vision/testing/multipart';
import type { BenchRow, Benchmark } from './bench-types';
import { ME_QUERY, ServerProcess, forkBaseline, forkProduct, registerBenchUser, httpLoad } from './harness';

/**
 * Memory of the API process (issue 10): resident set after a `me` load with no model loaded
 * (goal ≤ 200 MB), and how far one 10 MB upload raises the peak (goal < 3 × its size). Both
 * next to a raw node:http + pg process doing the plainest version of the same work in the same
 * run. Read from /proc/<pid>/status (VmRSS, VmHWM); the peak is reset through
 * /proc/<pid>/clear_refs before the upload, so earlier load does not hide it.
 */
const MB = 1024 * 1024;
/** V8 gives the load's garbage back once the process is idle, within its 100 s watchdog at the latest. */
const IDLE_WINDOW_MS = 120_000;
const SENTISIGHT_TOKEN = 'bench-sentisight-token';
const ANALYZE = `mutation A($image: Upload!) { analyzeImage(feature: GENERAL_CLASSIFICATION, image: $image) { creditsCharged labels { label } } }`;

function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false where /proc does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;

/** A PNG of noise (incompressible) just under `bytes`: the worst case for the upload path. */
async function noisePng(maxBytes: number): Promise<Buffer> {
  let side = Math.floor(Math.sqrt(maxBytes / 3));
  for (;;) {
    const png = await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    if (png.length <= maxBytes) return png;
    side -= 20;
  }
}

async function post(url: string, headers: Record<string, string>, body: Buffer | string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

/**
 * Sends the upload once to warm up (libvips and the code paths start cold; that one-time cost is
 * reported apart), then three times measured; returns the cold rise and the worst warm rise of
 * the peak RSS above the RSS just before.
 */
async function peakRise(server: ServerProcess, send: () => Promise<void>, log: (m: string) => void): Promise<{ cold: number; warm: number }> {
  const pid = server.child.pid!;
  const rises: number[] = [];
  for (let i = 0; i < 4; i++) {
    await settle(500);
    const before = memoryOf(pid).rss;
    if (!resetPeak(pid)) throw new Error('/proc/<pid>/clear_refs is not writable: the peak cannot be measured');
    await send();
    const rise = memoryOf(pid).peak - before;
    log(`  ${i === 0 ? 'warm-up upload' : `upload ${i}`}: peak ${mb(before)} MB → ${mb(before + rise)} MB`);
    rises.push(rise);
  }
  return { cold: rises[0], warm: Math.max(...rises.slice(1)) };
}

export const memoryBenchmark: Benchmark = {
  name: 'memory',
  async run({ databaseUrl, log }) {
    const sentisight = await startFakeSentiSight(SENTISIGHT_TOKEN);
    // General classification goes to the fake SentiSight, so no local model is ever loaded:
    // what is measured is the API process itself and the upload path (multipart → checks →
    // one downscaled copy → provider).
    const product = await forkProduct(databaseUrl, {
      VISION_PROVIDERS: 'GENERAL_CLASSIFICATION=sentisight',
      SENTISIGHT_API_BASE: sentisight.url,
      SENTISIGHT_TOKEN: SENTISIGHT_TOKEN,
    });
    const raw = await forkBaseline('raw-me-server', { DATABASE_URL: databaseUrl });
    // The floor for the upload: a process that reads the whole request body into one Buffer.
    const rawUpload = await forkBaseline('raw-upload-server');
    try {
      const cookie = await registerBenchUser(product.url, 'memory@example.com');
      const headers = { 'content-type': 'application/json', cookie };

      log('idle RSS at start');
      await settle(1000);
      const startRss = memoryOf(product.child.pid!).rss;
      const rawStartRss = memoryOf(raw.child.pid!).rss;

      // Uploads first, into a process whose heap holds no garbage of an earlier load.
      log('generating a 10 MB PNG of noise');
      const image = await noisePng(10 * 1000 * 1000);
      const { body, contentType } = multipartBody(ANALYZE, {}, { bytes: image, filename: 'noise.png', contentType: 'image/png' });
      const uploadHeaders = { 'content-type': contentType, 'apollo-require-preflight': 'true', cookie };
      log(`uploading ${mb(image.length)} MB to analyzeImage(GENERAL_CLASSIFICATION): once to warm up, three times measured`);
      const productRise = await peakRise(
        product,
        async () => {
          const answer = await post(`${product.url}/graphql`, uploadHeaders, body);
          const parsed = JSON.parse(answer.text);
          if (!parsed.data?.analyzeImage?.labels?.length) throw new Error(`the upload was not analysed: ${answer.text.slice(0, 300)}`);
        },
        log,
      );
      log('the same request body to a raw node:http server that only buffers it');
      const rawRise = await peakRise(
        rawUpload,
        async () => {
          const answer = await post(rawUpload.url, { 'content-type': contentType }, body);
          if (answer.status !== 200) throw new Error(`raw upload server answered ${answer.status}`);
        },
        log,
      );

      log('me query load on both servers (50 connections, 8 s)');
      await httpLoad({ url: raw.url, headers, body: ME_QUERY });
      const load = await httpLoad({ url: `${product.url}/graphql`, headers, body: ME_QUERY });
      if (load.non2xx || load.errors) throw new Error(`product answered ${load.non2xx} non-2xx and ${load.errors} errors`);
      // Garbage of the load stays resident until V8's memory reducer runs a full GC once the
      // process is idle (half a minute to V8's 100 s watchdog here): report right after the load,
      // settled, and when it settled.
      log(`idle RSS over ${IDLE_WINDOW_MS / 1000} s after the load`);
      await settle(3000);
      const justAfter = memoryOf(product.child.pid!).rss;
      let settled = justAfter;
      let settledAfter = 3;
      let rawSettled = memoryOf(raw.child.pid!).rss;
      for (let waited = 3000; waited < IDLE_WINDOW_MS; waited += 2000) {
        await settle(2000);
        const now = memoryOf(product.child.pid!).rss;
        if (now < settled) [settled, settledAfter] = [now, (waited + 2000) / 1000];
        rawSettled = Math.min(rawSettled, memoryOf(raw.child.pid!).rss);
      }
      log(`  RSS 3 s after the load ${mb(justAfter)} MB, settled ${mb(settled)} MB (${settledAfter} s after)`);

      const times = (rise: number) => Math.round((rise / image.length) * 100) / 100;
      const rows: BenchRow[] = [
        {
          name: 'API process RSS, idle after the me load, no model loaded',
          value: mb(settled),
          unit: 'MB',
          baseline: { name: 'raw node:http + pg, idle after the same load', value: mb(rawSettled) },
          ratio: Math.round((rawSettled / settled) * 100) / 100,
          goal: '≤ 200 MB',
          note: `lowest over ${IDLE_WINDOW_MS / 1000} s idle, reached ${settledAfter} s after the load (V8 collects the load's garbage when idle); 3 s after the load ${mb(justAfter)} MB; at start ${mb(startRss)} MB (raw ${mb(rawStartRss)} MB); ${Math.round(load.requestsPerSecond)} req/s during the load`,
        },
        {
          name: `peak RSS rise for one ${mb(image.length)} MB upload (analyzeImage, remote provider)`,
          value: mb(productRise.warm),
          unit: 'MB',
          baseline: { name: 'raw node:http buffering the same body', value: mb(rawRise.warm) },
          ratio: Math.round((rawRise.warm / productRise.warm) * 100) / 100,
          goal: '< 3 × the upload size',
          note: `${times(productRise.warm)} × the upload size (raw: ${times(rawRise.warm)} ×), worst of 3 after one warm-up upload; the first upload into a fresh process: ${mb(productRise.cold)} MB = ${times(productRise.cold)} × (libvips starts its threads and buffers)`,
        },
      ];
      return rows;
    } finally {
      await product.stop();
      await raw.stop();
      await rawUpload.stop();
      await sentisight.close();
    }
  },
};

