import type { AnalysisResultFieldsFragment as Result, JobFieldsFragment as Job } from '../../gql/graphql';
import { featureLabel } from '../../lib/features';

/** One line about what a result holds, for the batch table and the CSV. */
export function summarizeResult(result: Result): string {
  const top = (items: Array<{ label: string }>) => [...new Set(items.map((item) => item.label))].slice(0, 3).join(', ');
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  if (result.labels) {
    const best = [...result.labels].sort((a, b) => b.score - a.score)[0];
    return best ? `${best.label} (${Math.round(best.score * 100)}%)` : 'No label';
  }
  if (result.objects) return result.objects.length ? `${count(result.objects.length, 'object')}: ${top(result.objects)}` : 'No object';
  if (result.instances) return result.instances.length ? `${count(result.instances.length, 'instance')}: ${top(result.instances)}` : 'No instance';
  if (result.texts) return result.texts.length ? `${count(result.texts.length, 'text region')}: ${result.texts[0].text}` : 'No text';
  if (result.poses) return count(result.poses.length, 'pose');
  if (result.faces) return count(result.faces.length, 'face');
  if (result.image) return `${result.image.width} × ${result.image.height} PNG`;
  return featureLabel(result.feature);
}

export interface BatchItem {
  fileName: string;
  job: Job;
}

/** The batch as JSON: one entry per image, in the order they were picked. */
export function batchJson(batchId: string, items: BatchItem[]): string {
  return JSON.stringify(
    {
      batchId,
      jobs: items.map(({ fileName, job }) => ({
        file: fileName,
        jobId: job.id,
        status: job.status,
        feature: job.feature,
        creditsCharged: job.creditsCharged,
        createdAt: job.createdAt,
        finishedAt: job.finishedAt,
        error: job.error ? { code: job.error.code, message: job.error.message } : null,
        result: job.result ? withoutTypename(job.result) : null,
      })),
    },
    null,
    2,
  );
}

const CSV_HEADER = ['file', 'job_id', 'status', 'feature', 'credits', 'duration_ms', 'summary', 'error_code', 'error_message', 'result_json'];

/** RFC 4180 field: quoted when it holds a comma, quote or line break; leading =+-@ neutralized against spreadsheet formulas. */
function csvField(value: string | number | null | undefined): string {
  let text = value == null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The batch as CSV: one row per image; the whole result as JSON in the last column. */
export function batchCsv(items: BatchItem[]): string {
  const rows = items.map(({ fileName, job }) =>
    [
      fileName,
      job.id,
      job.status,
      job.feature,
      job.creditsCharged,
      job.result?.durationMs,
      job.result ? summarizeResult(job.result) : '',
      job.error?.code,
      job.error?.message,
      job.result ? JSON.stringify(withoutTypename(job.result)) : '',
    ].map(csvField),
  );
  return [CSV_HEADER, ...rows].map((row) => row.join(',')).join('\r\n') + '\r\n';
}

function withoutTypename<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, inner) => (key === '__typename' ? undefined : inner)));
}

/** Saves text as a file through a temporary object URL. */
export function downloadText(fileName: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
