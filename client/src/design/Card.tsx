import { useId, type ReactNode } from 'react';

/**
 * A titled section of a page, named for screen readers by its heading. `aside` stands at the heading's right
 * (e.g. a count); `stack` spaces the children evenly.
 */
export function Card({ title, aside, stack = false, children }: { title: ReactNode; aside?: ReactNode; stack?: boolean; children: ReactNode }) {
  const headingId = useId();
  const heading = (
    <h2 id={headingId} style={stack ? { margin: 0 } : undefined}>
      {title}
    </h2>
  );
  return (
    <section className={stack ? 'card stack' : 'card'} aria-labelledby={headingId}>
      {aside === undefined ? (
        heading
      ) : (
        <div className="row row--between">
          {heading}
          {aside}
        </div>
      )}
      {children}
    </section>
  );
}
