import { describe, expect, it } from 'vitest';
import { csvDownloadUrl, EMPTY_USAGE_FILTER, toApiFilter } from './usage-filter';

describe('usage log filter', () => {
  it('sends nothing for "any" and includes the whole last day', () => {
    expect(toApiFilter(EMPTY_USAGE_FILTER)).toEqual({ feature: null, source: null, status: null, apiTokenId: null, from: null, to: null });
    const filter = toApiFilter({ ...EMPTY_USAGE_FILTER, fromDate: '2026-03-01', toDate: '2026-03-31' });
    expect(new Date(filter.from!).getTime()).toBe(new Date(2026, 2, 1).getTime());
    // `to` is exclusive: the start of the day after the chosen last day.
    expect(new Date(filter.to!).getTime()).toBe(new Date(2026, 3, 1).getTime());
  });

  it('builds the CSV download URL with the same filter', () => {
    expect(csvDownloadUrl(EMPTY_USAGE_FILTER)).toBe('/api/consumption-logs.csv');
    const url = new URL(csvDownloadUrl({ ...EMPTY_USAGE_FILTER, feature: 'OBJECT_DETECTION', source: 'API', status: 'REFUNDED', apiTokenId: 't1' }), 'http://x');
    expect(Object.fromEntries(url.searchParams)).toEqual({ feature: 'OBJECT_DETECTION', source: 'API', status: 'REFUNDED', apiTokenId: 't1' });
  });
});
