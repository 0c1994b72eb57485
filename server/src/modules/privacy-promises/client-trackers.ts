import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Static scan of the web client for what seed 001 §1.5 and seed 000 §7 rule out: resources loaded from other
 * origins (scripts, images, styles, frames), known tracking/analytics SDKs, and cookies written by scripts
 * (the only cookie is the server's HttpOnly session cookie).
 */
export interface TrackerFinding {
  file: string;
  line: number;
  what: string;
}

const TRACKER_NAMES = [
  'google-analytics', 'googletagmanager', 'gtag(', 'fbq(', 'connect.facebook.net', 'doubleclick', 'segment.com',
  'analytics.js', 'mixpanel', 'hotjar', 'plausible', 'posthog', 'amplitude', 'heap.io', 'fullstory', 'clarity.ms',
  'intercom', 'hs-scripts', 'datadoghq', '@sentry', 'sentry.io', 'logrocket', 'openpanel', 'matomo',
];

const RULES: Array<{ what: string; test: (line: string) => boolean }> = [
  {
    what: 'resource loaded from another origin',
    test: (line) => /<(script|img|link|iframe|source|video|audio)\b[^>]*\b(src|href|srcSet)\s*=\s*[{"'`\s]*(https?:)?\/\//i.test(line),
  },
  { what: 'stylesheet or font from another origin', test: (line) => /(@import\s+|url\()\s*["']?(https?:)?\/\//i.test(line) },
  { what: 'script written cookie', test: (line) => /document\.cookie\s*=[^=]/.test(line) },
  { what: 'tracking or analytics SDK', test: (line) => TRACKER_NAMES.some((name) => line.toLowerCase().includes(name)) },
];

export function scanText(text: string, file: string): TrackerFinding[] {
  return text.split('\n').flatMap((line, index) =>
    RULES.filter((rule) => rule.test(line)).map((rule) => ({ file, line: index + 1, what: rule.what })),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    // gql/ is generated from the schema (it carries the policy's own words, tracker names included).
    if (entry.isDirectory()) return entry.name === 'gql' || entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.(tsx?|css|html)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Findings in client/index.html, client/src (tests and generated code aside) and the client's dependencies. */
export function scanClient(clientDir: string): TrackerFinding[] {
  const files = [path.join(clientDir, 'index.html'), ...sourceFiles(path.join(clientDir, 'src'))];
  const findings = files.flatMap((file) => scanText(readFileSync(file, 'utf8'), path.relative(clientDir, file)));
  const manifest = JSON.parse(readFileSync(path.join(clientDir, 'package.json'), 'utf8'));
  for (const name of Object.keys({ ...manifest.dependencies })) {
    if (TRACKER_NAMES.some((tracker) => name.toLowerCase().includes(tracker))) findings.push({ file: 'package.json', line: 0, what: `tracking dependency ${name}` });
  }
  return findings;
}
