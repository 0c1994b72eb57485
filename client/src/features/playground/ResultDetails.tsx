import { Facts } from '../../design/Facts';
import { Badge } from '../../design/Feedback';
import { featureLabel } from '../../lib/features';
import { colorAt, type AnalysisResultData } from './ResultOverlay';

const percent = (score: number) => `${Math.round(score * 100)}%`;

/** Classification scores as horizontal bars, best first. */
export function ClassificationBars({ labels }: { labels: Array<{ label: string; score: number }> }) {
  const sorted = [...labels].sort((a, b) => b.score - a.score);
  return (
    <ol className="bar-list" aria-label="Classification scores" data-testid="classification-bars">
      {sorted.map((item) => (
        <li key={item.label} className="bar-list__row">
          <span>{item.label}</span>
          <span className="bar-list__track" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(item.score * 100)} aria-label={item.label}>
            <span className="bar-list__fill" style={{ width: percent(item.score), display: 'block' }} />
          </span>
          <span className="text-right small">{percent(item.score)}</span>
        </li>
      ))}
    </ol>
  );
}

/** A produced PNG (cut-out or generation) on a checkerboard, with a download link. */
export function ProducedImage({ png, width, height, fileName }: { png: string; width: number; height: number; fileName: string }) {
  const dataUri = `data:image/png;base64,${png}`;
  return (
    <div className="stack">
      <div className="checkerboard" data-testid="produced-image">
        <img src={dataUri} alt={`Result image, ${width} × ${height} pixels`} width={width} height={height} />
      </div>
      <div className="row row--between">
        <span className="small muted">
          {width} × {height} px PNG
        </span>
        <a className="button button--secondary" href={dataUri} download={fileName}>
          Download PNG
        </a>
      </div>
    </div>
  );
}

export function ResultSummary({ result }: { result: AnalysisResultData }) {
  return (
    <Facts
      small
      testId="result-summary"
      facts={[
        ['Feature', featureLabel(result.feature)],
        [
          'Charged',
          <>
            {result.creditsCharged} credits {result.replayed && <Badge tone="info">replayed, not charged again</Badge>}
          </>,
        ],
        ['Balance', `${result.balance.toLocaleString()} credits`],
        ['Provider', result.provider.toLowerCase()],
        ['Time', `${result.durationMs} ms`],
      ]}
    />
  );
}

/** Lists of what was found, beside the picture (OCR text, counts, classification bars, images). */
export function ResultDetails({ result }: { result: AnalysisResultData }) {
  const found: string[] = [];
  if (result.objects) found.push(`${result.objects.length} object${result.objects.length === 1 ? '' : 's'}`);
  if (result.instances) found.push(`${result.instances.length} instance${result.instances.length === 1 ? '' : 's'}`);
  if (result.faces) found.push(`${result.faces.length} face${result.faces.length === 1 ? '' : 's'}`);
  if (result.poses) found.push(`${result.poses.length} pose${result.poses.length === 1 ? '' : 's'}`);
  if (result.texts) found.push(`${result.texts.length} text region${result.texts.length === 1 ? '' : 's'}`);
  return (
    <div className="stack">
      {found.length > 0 && <p style={{ margin: 0 }} data-testid="result-counts">Found {found.join(', ')}.</p>}
      {result.labels && (result.labels.length ? <ClassificationBars labels={result.labels} /> : <p className="muted">No label scored high enough.</p>)}
      {result.texts && result.texts.length > 0 && (
        <ol className="text-list" aria-label="Recognized text" data-testid="recognized-text">
          {result.texts.map((text, index) => (
            <li key={index}>
              <span className="swatch" style={{ background: colorAt(index) }} aria-hidden="true" />
              <strong>{index + 1}.</strong> <span>{text.text}</span> <span className="small muted">{percent(text.score)}</span>
            </li>
          ))}
        </ol>
      )}
      {result.objects && result.objects.length > 0 && (
        <ul className="text-list" aria-label="Detected objects">
          {result.objects.map((object, index) => (
            <li key={index}>
              <span className="swatch" style={{ background: colorAt(index) }} aria-hidden="true" />
              {object.label} <span className="small muted">{percent(object.score)}</span>
            </li>
          ))}
        </ul>
      )}
      {result.image &&
        (result.image.png ? (
          <ProducedImage png={result.image.png} width={result.image.width} height={result.image.height} fileName={result.feature === 'IMAGE_GENERATION' ? 'visiongate-generation.png' : 'visiongate-cutout.png'} />
        ) : (
          <p className="muted">This replayed answer carries no image (results are not stored).</p>
        ))}
    </div>
  );
}
