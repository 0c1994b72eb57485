import { Fragment, type ReactNode } from 'react';

/** A term and what it stands for. */
export type Fact = readonly [term: string, value: ReactNode];

/** Facts about one thing (an account, a job, a result) as a definition list, a term beside each value. */
export function Facts({ facts, small = false, testId }: { facts: readonly Fact[]; small?: boolean; testId?: string }) {
  return (
    <dl className={small ? 'definition-list small' : 'definition-list'} data-testid={testId}>
      {facts.map(([term, value]) => (
        <Fragment key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}
