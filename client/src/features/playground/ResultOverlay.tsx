import { useState, type ReactNode } from 'react';
import type { AnalysisResultFieldsFragment } from '../../gql/graphql';
import { bonesOf, MIN_KEYPOINT_SCORE } from './skeleton';

export type AnalysisResultData = AnalysisResultFieldsFragment;

const COLORS = ['#f43f5e', '#22c55e', '#3b82f6', '#f59e0b', '#a855f7', '#14b8a6', '#ec4899', '#84cc16', '#06b6d4', '#ef4444'];
export const colorAt = (index: number) => COLORS[index % COLORS.length];

export interface ImageSize {
  width: number;
  height: number;
}

/** A label with a dark backdrop so it stays readable on any image. */
function BoxLabel({ x, y, text, color, fontSize }: { x: number; y: number; text: string; color: string; fontSize: number }) {
  const padding = fontSize * 0.3;
  const width = text.length * fontSize * 0.6 + padding * 2;
  const height = fontSize + padding * 2;
  const top = Math.max(0, y - height);
  return (
    <g>
      <rect x={x} y={top} width={width} height={height} fill={color} rx={padding} />
      <text x={x + padding} y={top + height - padding * 1.4} fontSize={fontSize} fill="#fff" fontFamily="system-ui, sans-serif" fontWeight={600}>
        {text}
      </text>
    </g>
  );
}

const percent = (score: number) => `${Math.round(score * 100)}%`;

/**
 * Draws what a vision call found over the submitted image, in the image's own pixel space
 * (viewBox = natural size), so it scales with the picture at any screen width.
 */
export function OverlayShapes({ result, size }: { result: AnalysisResultData; size: ImageSize }) {
  const fontSize = Math.max(10, Math.round(Math.max(size.width, size.height) / 45));
  const stroke = Math.max(2, Math.round(Math.max(size.width, size.height) / 300));
  const dot = stroke * 1.6;
  const layers: ReactNode[] = [];

  result.instances?.forEach((instance, index) => {
    const color = colorAt(index);
    const maskId = `instance-mask-${index}`;
    layers.push(
      <g key={`instance-${index}`} data-testid="instance-mask">
        {instance.mask && (
          <>
            <mask id={maskId} maskUnits="userSpaceOnUse" x={0} y={0} width={size.width} height={size.height}>
              <image href={`data:image/png;base64,${instance.mask}`} x={0} y={0} width={size.width} height={size.height} preserveAspectRatio="none" />
            </mask>
            <rect x={0} y={0} width={size.width} height={size.height} fill={color} opacity={0.45} mask={`url(#${maskId})`} />
          </>
        )}
        <rect x={instance.box.x} y={instance.box.y} width={instance.box.width} height={instance.box.height} fill="none" stroke={color} strokeWidth={stroke} />
        <BoxLabel x={instance.box.x} y={instance.box.y} text={`${instance.label} ${percent(instance.score)}`} color={color} fontSize={fontSize} />
      </g>,
    );
  });

  result.objects?.forEach((object, index) => {
    const color = colorAt(index);
    layers.push(
      <g key={`object-${index}`} data-testid="object-box">
        <rect x={object.box.x} y={object.box.y} width={object.box.width} height={object.box.height} fill="none" stroke={color} strokeWidth={stroke} />
        <BoxLabel x={object.box.x} y={object.box.y} text={`${object.label} ${percent(object.score)}`} color={color} fontSize={fontSize} />
      </g>,
    );
  });

  result.faces?.forEach((face, index) => {
    const color = '#facc15';
    layers.push(
      <g key={`face-${index}`} data-testid="face-box">
        <rect x={face.box.x} y={face.box.y} width={face.box.width} height={face.box.height} fill="none" stroke={color} strokeWidth={stroke} />
        {face.landmarks
          .filter((point) => point.score >= MIN_KEYPOINT_SCORE || point.score === 0)
          .map((point, pointIndex) => (
            <circle key={pointIndex} cx={point.x} cy={point.y} r={dot * 0.7} fill={color} />
          ))}
        <BoxLabel x={face.box.x} y={face.box.y} text={`face ${percent(face.score)}`} color="#a16207" fontSize={fontSize} />
      </g>,
    );
  });

  result.poses?.forEach((pose, index) => {
    const color = colorAt(index + 2);
    layers.push(
      <g key={`pose-${index}`} data-testid="pose-skeleton">
        {bonesOf(pose.keypoints).map(([from, to], boneIndex) => (
          <line
            key={boneIndex}
            data-testid="skeleton-bone"
            x1={from.x}
            y1={from.y}
            x2={to.x}
            y2={to.y}
            stroke={color}
            strokeWidth={stroke * 1.5}
            strokeLinecap="round"
          />
        ))}
        {pose.keypoints
          .filter((point) => point.score >= MIN_KEYPOINT_SCORE)
          .map((point) => (
            <circle key={point.name} data-testid="pose-keypoint" cx={point.x} cy={point.y} r={dot * 1.2} fill="#fff" stroke={color} strokeWidth={stroke}>
              <title>{`${point.name} ${percent(point.score)}`}</title>
            </circle>
          ))}
      </g>,
    );
  });

  result.texts?.forEach((text, index) => {
    const color = colorAt(index);
    const points = text.polygon.map((point) => `${point.x},${point.y}`).join(' ');
    const anchor = text.polygon[0];
    layers.push(
      <g key={`text-${index}`} data-testid="text-polygon">
        <polygon points={points} fill={color} fillOpacity={0.15} stroke={color} strokeWidth={stroke} />
        {anchor && <BoxLabel x={anchor.x} y={anchor.y} text={String(index + 1)} color={color} fontSize={fontSize} />}
      </g>,
    );
  });

  return <>{layers}</>;
}

/** The image with the overlay on top; measures the image's natural size unless given. */
export function ResultOverlay({ imageSrc, imageSize, result, alt = 'Submitted image' }: { imageSrc: string; imageSize?: ImageSize; result: AnalysisResultData | null; alt?: string }) {
  const [measured, setMeasured] = useState<ImageSize | null>(null);
  const [failed, setFailed] = useState(false);
  const size = imageSize ?? measured;
  if (failed) {
    return <p className="muted small">The image cannot be previewed here (the server fetched it itself); the results are listed below.</p>;
  }
  return (
    <div className="overlay-stage">
      <img
        src={imageSrc}
        alt={alt}
        onLoad={(event) => setMeasured({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })}
        onError={() => setFailed(true)}
      />
      {size && result && (
        <svg className="overlay" viewBox={`0 0 ${size.width} ${size.height}`} preserveAspectRatio="none" role="img" aria-label="Detected regions" data-testid="result-overlay">
          <OverlayShapes result={result} size={size} />
        </svg>
      )}
    </div>
  );
}
