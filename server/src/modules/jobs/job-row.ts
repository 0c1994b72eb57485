import type { AnalysisOptions, GenerationOptions, ProviderName, StoredResult } from '../vision';

/** What a job keeps of its input: options, and the URL or the prompt; never image bytes. */
export interface JobInput {
  source: 'upload' | 'url' | 'prompt';
  options: AnalysisOptions | GenerationOptions;
  url?: string;
  prompt?: string;
}

/** A succeeded job's output, until the job row is deleted. */
export interface JobOutput {
  provider: ProviderName;
  durationMs: number;
  /** The caller's balance when the job finished. */
  balance: number;
  result: StoredResult;
}

export interface JobRow {
  id: string;
  user_id: string;
  consumption_id: string;
  batch_id: string | null;
  feature: string;
  kind: 'ANALYSIS' | 'GENERATION';
  status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'EXPIRED';
  progress: number;
  credits: number;
  input: JobInput;
  webhook_url: string | null;
  attempts: number;
  cancel_requested: boolean;
  error_code: string | null;
  error_message: string | null;
  result: JobOutput | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date;
}

export const ENDED: ReadonlyArray<JobRow['status']> = ['SUCCEEDED', 'FAILED', 'CANCELED', 'EXPIRED'];
