import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { describeErrors, type DescribedError } from '../lib/errors';

/** What the user can do next, by the API's error code. */
function nextStepFor(error: DescribedError): ReactNode {
  switch (error.code) {
    case 'INSUFFICIENT_CREDITS':
      return (
        <>
          Your balance is too low for this call. <Link to="/billing">Buy credits</Link>
        </>
      );
    case 'UNAUTHENTICATED':
      return (
        <>
          Your session has ended. <Link to="/login">Log in again</Link>
        </>
      );
    case 'SPEND_LIMIT_REACHED':
      return (
        <>
          This token reached its monthly spend cap. <Link to="/tokens">Manage tokens</Link>
        </>
      );
    case 'PROCESSING_RESTRICTED':
      return (
        <>
          You restricted processing of your data. <Link to="/privacy-center">Privacy center</Link>
        </>
      );
    case 'RATE_LIMITED':
      return error.retryAfter ? `Try again in ${error.retryAfter} seconds.` : 'Try again in a moment.';
    case 'BUSY':
      return 'The service is busy; you were not charged. Try again in a moment.';
    case 'PROVIDER_ERROR':
      return 'The model provider failed; the credits were refunded.';
    case 'FORBIDDEN':
      return 'You are not allowed to do this.';
    default:
      return null;
  }
}

/** Renders API errors by their extensions.code; `errors` may be a raw Apollo error or already described. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const errors = Array.isArray(error) ? (error as DescribedError[]) : describeErrors(error);
  if (errors.length === 0) return null;
  return (
    <div className="alert alert--error" role="alert" data-error-code={errors[0].code}>
      {title && <strong>{title}</strong>}
      {errors.map((item, index) => {
        const nextStep = nextStepFor(item);
        return (
          <p key={index}>
            {item.message} {nextStep && <span>{nextStep}</span>} <span className="alert__code">({item.code})</span>
          </p>
        );
      })}
    </div>
  );
}
