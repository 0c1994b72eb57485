import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../design/ErrorNotice';
import { TextAreaField, TextField } from '../../design/Field';
import { EmptyState, Loading, Notice, PageHeader, ProgressBar, StatusBadge } from '../../design/Feedback';
import type { JobFieldsFragment, VisionFeature } from '../../gql/graphql';
import { describeErrors } from '../../lib/errors';
import { featureLabel } from '../../lib/features';
import { newIdempotencyKey } from '../../lib/idempotency';
import { usePreviewUrls } from '../../lib/preview-urls';
import { ViewerQuery } from '../auth/operations';
import { useViewer } from '../auth/viewer';
import { CancelJobButton } from '../jobs/CancelJobButton';
import { JobWaiting } from '../jobs/jobColumns';
import { isActive, useJobUpdates } from '../jobs/live';
import { JobQuery } from '../jobs/operations';
import { FeatureChoiceField, useFeatureChoice } from './FeaturePicker';
import { ImageInput, type ImageSource } from './ImageInput';
import { SubmitAnalysisMutation, SubmitGenerationMutation } from './operations';
import { ResultDetails, ResultSummary } from './ResultDetails';
import { ResultOverlay, type AnalysisResultData } from './ResultOverlay';

/** Sending the request (with the upload's progress); afterwards the job's own status tells where it is. */
type Phase = 'idle' | 'uploading' | 'submitting';

export function PlaygroundPage() {
  const { viewer } = useViewer();
  const featureChoice = useFeatureChoice({ imagesOnly: false });
  const { feature, setSelected } = featureChoice;
  const [source, setSource] = useState<ImageSource | null>(null);
  const [prompt, setPrompt] = useState('');
  const [minScore, setMinScore] = useState('');
  const [maxResults, setMaxResults] = useState('');
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [submitted, setSubmitted] = useState<{ jobId: string; imageSrc: string | null } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  // The charge (at submit) and a refund (a job that did not succeed) change the header balance.
  const refetchViewer = { refetchQueries: [ViewerQuery] };
  const [submitAnalysis] = useMutation(SubmitAnalysisMutation, refetchViewer);
  const [submitGeneration] = useMutation(SubmitGenerationMutation, refetchViewer);

  // The job as it runs: live events from the subscription, or polling while they do not arrive.
  const [jobActive, setJobActive] = useState(false);
  const { pollInterval } = useJobUpdates(submitted ? { id: submitted.jobId } : null, jobActive);
  const jobQuery = useQuery(JobQuery, { variables: { id: submitted?.jobId ?? '' }, skip: !submitted, pollInterval, fetchPolicy: 'cache-first' });
  const job: JobFieldsFragment | null = submitted && jobQuery.data?.job.id === submitted.jobId ? jobQuery.data.job : null;
  const active = Boolean(job && isActive(job.status));
  const finalStatus = job && !active ? job.status : null;
  useEffect(() => setJobActive(active), [active]);
  const apollo = useApolloClient();
  useEffect(() => {
    if (finalStatus && finalStatus !== 'SUCCEEDED') void apollo.refetchQueries({ include: [ViewerQuery] });
  }, [finalStatus, apollo]);
  const result: { data: AnalysisResultData; imageSrc: string | null } | null = job?.result && submitted ? { data: job.result, imageSrc: submitted.imageSrc } : null;


  // Object URLs of picked files live until the page closes (the result may still show an older one).
  const previewUrls = usePreviewUrls();
  useEffect(() => {
    if (source?.kind === 'file') previewUrls.add(source.previewUrl);
  }, [source, previewUrls]);

  const isGeneration = feature?.input === 'PROMPT';
  const tooExpensive = Boolean(viewer && feature && viewer.credits < feature.credits);
  const ready = Boolean(feature?.available && (isGeneration ? prompt.trim() : source)) && phase === 'idle' && !active;

  const changeInputs = (apply: () => void) => {
    apply();
    setIdempotencyKey(newIdempotencyKey());
    setError(null);
  };

  async function run(event: FormEvent) {
    event.preventDefault();
    if (!feature || !ready) return;
    setError(null);
    setProgress(0);
    const options = {
      minScore: minScore === '' ? null : Number(minScore),
      maxResults: maxResults === '' ? null : Number(maxResults),
    };
    const name = feature.name as VisionFeature;
    try {
      let queued: JobFieldsFragment | undefined;
      let imageSrc: string | null = null;
      if (isGeneration) {
        setPhase('submitting');
        queued = (await submitGeneration({ variables: { prompt: prompt.trim(), idempotencyKey } })).data?.submitGeneration;
      } else if (source?.kind === 'file') {
        setPhase('uploading');
        imageSrc = source.previewUrl;
        queued = (
          await submitAnalysis({
            variables: { feature: name, image: source.file, options, idempotencyKey },
            context: {
              fetchOptions: {
                onUploadProgress: (loaded: number, total: number) => {
                  setProgress(loaded / total);
                  if (loaded >= total) setPhase('submitting');
                },
              },
            },
          })
        ).data?.submitAnalysis;
      } else if (source?.kind === 'url') {
        setPhase('submitting');
        imageSrc = source.url;
        queued = (await submitAnalysis({ variables: { feature: name, url: source.url, options, idempotencyKey } })).data?.submitAnalysis;
      }
      // The job is in the normalized cache now; the job query reads it from there and follows it.
      if (queued) setSubmitted({ jobId: queued.id, imageSrc });
      setIdempotencyKey(newIdempotencyKey());
    } catch (caught) {
      setError(caught);
      // Only a lost connection may have been charged; keep the key so the retry is free. Otherwise start fresh.
      if (describeErrors(caught)[0]?.code !== 'NETWORK_ERROR') setIdempotencyKey(newIdempotencyKey());
    } finally {
      setPhase('idle');
    }
  }

  return (
    <>
      <PageHeader title="Playground" description="Try every model on your own images. Each call is charged at the price shown and logged in your usage log." />
      <div className="grid grid--2">
        <form className="card stack" onSubmit={run} aria-label="Run a vision feature">
          <FeatureChoiceField choice={featureChoice} onSelect={(name) => changeInputs(() => setSelected(name))} />
          {feature && !isGeneration && <ImageInput source={source} onChange={(next) => changeInputs(() => setSource(next))} />}
          {feature && isGeneration && (
            <TextAreaField label="Prompt" value={prompt} maxLength={2000} placeholder="A lighthouse on a cliff at dawn, watercolor" onChange={(e) => changeInputs(() => setPrompt(e.target.value))} />
          )}
          {feature && !isGeneration && (
            <details>
              <summary className="small">Options</summary>
              <div className="form-row" style={{ marginTop: 8 }}>
                <TextField label="Minimum score (0–1)" type="number" min={0} max={1} step={0.05} value={minScore} onChange={(e) => changeInputs(() => setMinScore(e.target.value))} />
                <TextField label="Maximum results" type="number" min={1} max={100} step={1} value={maxResults} onChange={(e) => changeInputs(() => setMaxResults(e.target.value))} />
              </div>
            </details>
          )}
          {tooExpensive && feature && (
            <Notice tone="warning">
              {featureLabel(feature.name)} costs {feature.credits} credits and your balance is {viewer?.credits}. <Link to="/billing">Buy credits</Link>
            </Notice>
          )}
          {phase === 'uploading' && <ProgressBar value={progress} label="Uploading" />}
          {phase === 'submitting' && <Loading label="Submitting…" />}
          {job && <JobProgress job={job} onCancelError={setError} />}
          <ErrorNotice error={error} />
          <button className="button" type="submit" disabled={!ready}>
            {feature ? `Run ${featureLabel(feature.name)} · ${feature.credits} ${feature.credits === 1 ? 'credit' : 'credits'}` : 'Run'}
          </button>
        </form>

        <section className="card stack" aria-labelledby="result-heading" aria-live="polite">
          <h2 id="result-heading" style={{ margin: 0 }}>
            Result
          </h2>
          {!result && source?.kind === 'file' && <ResultOverlay imageSrc={source.previewUrl} result={null} alt="Selected image" />}
          {!result && !source && <EmptyState title="Nothing yet">Pick a feature and an image, then run it.</EmptyState>}
          {result && (
            <>
              {result.imageSrc && !result.data.image && <ResultOverlay key={result.data.consumptionId} imageSrc={result.imageSrc} result={result.data} />}
              <ResultDetails result={result.data} />
              <ResultSummary result={result.data} />
              <details>
                <summary className="small">Raw JSON</summary>
                <pre className="small" style={{ maxHeight: 320, overflow: 'auto' }}>
                  {JSON.stringify(result.data, (key, value) => (key === 'mask' || key === 'png' ? (value ? `${String(value).slice(0, 32)}…` : value) : value), 2)}
                </pre>
              </details>
            </>
          )}
        </section>
      </div>
    </>
  );
}

/** Where the submitted job is: queued, running with its progress, or why it ended without a result. */
function JobProgress({ job, onCancelError }: { job: JobFieldsFragment; onCancelError: (error: unknown) => void }) {
  return (
    <div className="stack" style={{ gap: 4 }} data-testid="job-progress" data-status={job.status}>
      <span className="small">
        Job status: <StatusBadge status={job.status} /> <Link to={`/jobs/${job.id}`}>Details</Link> <CancelJobButton job={job} onError={onCancelError} />
      </span>
      <JobWaiting job={job} />
      {job.error && (
        <Notice tone="error">
          {job.error.message} ({job.error.code}). The credits were refunded.
        </Notice>
      )}
    </div>
  );
}
