import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { graphqlEnum, type EnumValue } from '../../graphql/enums';
import { PageOf } from '../../graphql/pagination';
import { AnalysisResult, VisionFeature } from '../vision';
import type { JobRow } from './job-row';

export const JobStatus = graphqlEnum(
  'JobStatus',
  ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'EXPIRED'],
  'Where a job is: QUEUED → RUNNING → SUCCEEDED, FAILED, CANCELED or EXPIRED',
);
export type JobStatus = EnumValue<typeof JobStatus>;

@ObjectType()
export class JobError {
  @Field()
  code: string;

  @Field()
  message: string;
}

@ObjectType({ description: 'One queued vision call: submit, then read or subscribe until it ends' })
export class Job {
  @Field(() => ID)
  id: string;

  @Field(() => JobStatus)
  status: JobStatus;

  @Field(() => Float, { description: '0..1' })
  progress: number;

  @Field(() => VisionFeature)
  feature: VisionFeature;

  @Field(() => ID, { nullable: true })
  batchId: string | null;

  @Field(() => ID)
  consumptionId: string;

  @Field(() => Int)
  creditsCharged: number;

  @Field(() => Int, { description: 'How many times a worker started it' })
  attempts: number;

  @Field(() => String, { nullable: true })
  webhookUrl: string | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => AnalysisResult, { nullable: true, description: 'SUCCEEDED only' })
  result: AnalysisResult | null;

  @Field(() => JobError, { nullable: true, description: 'FAILED, CANCELED or EXPIRED' })
  error: JobError | null;

  static from(row: JobRow): Job {
    return Object.assign(new Job(), jobDocument(row));
  }
}

/** The job with the field names of the GraphQL Job (the job.updated event's document, webhook bodies). */
export function jobDocument(row: JobRow) {
  const stored = row.status === JobStatus.SUCCEEDED ? row.result : null;
  return {
    id: row.id,
    status: row.status as JobStatus,
    progress: row.progress,
    feature: row.feature as VisionFeature,
    batchId: row.batch_id,
    consumptionId: row.consumption_id,
    creditsCharged: row.credits,
    attempts: row.attempts,
    webhookUrl: row.webhook_url,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    result: stored
      ? AnalysisResult.from({
          consumptionId: row.consumption_id,
          creditsCharged: row.credits,
          balance: stored.balance,
          durationMs: stored.durationMs,
          provider: stored.provider,
          feature: row.feature as VisionFeature,
          replayed: false,
          result: stored.result,
          viewer: null,
        })
      : null,
    error: row.error_code ? { code: row.error_code, message: row.error_message ?? row.error_code } : null,
  };
}

@ObjectType()
export class JobPage extends PageOf(Job) {}

@ObjectType({ description: 'The jobs of one submitAnalyses call' })
export class JobBatch {
  @Field(() => ID)
  id: string;

  @Field(() => [Job])
  jobs: Job[];
}
