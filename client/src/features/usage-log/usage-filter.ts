import type { CallSource, ConsumptionLogFilter, ConsumptionStatus } from '../../gql/graphql';

/** The filter as the form holds it: local calendar dates, empty strings for "any". */
export interface UsageFilterForm {
  feature: string;
  source: '' | CallSource;
  status: '' | ConsumptionStatus;
  apiTokenId: string;
  fromDate: string;
  toDate: string;
}

export const EMPTY_USAGE_FILTER: UsageFilterForm = { feature: '', source: '', status: '', apiTokenId: '', fromDate: '', toDate: '' };

/** Start of a local calendar day as an instant. */
function startOfLocalDay(date: string, addDays = 0): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year, month - 1, day + addDays).toISOString();
}

/** Form → API filter: `to` is exclusive, so the chosen last day is included whole. */
export function toApiFilter(form: UsageFilterForm): ConsumptionLogFilter {
  return {
    feature: form.feature || null,
    source: form.source || null,
    status: form.status || null,
    apiTokenId: form.apiTokenId || null,
    from: form.fromDate ? startOfLocalDay(form.fromDate) : null,
    to: form.toDate ? startOfLocalDay(form.toDate, 1) : null,
  };
}

/** The CSV route takes the same filter as query parameters. */
export function csvDownloadUrl(form: UsageFilterForm): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(toApiFilter(form))) {
    if (value) params.set(name, String(value));
  }
  const query = params.toString();
  return `/api/consumption-logs.csv${query ? `?${query}` : ''}`;
}
