import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** Wires label, hint and error to the control by id so screen readers announce them. */
function useFieldIds(id?: string) {
  const generated = useId();
  const controlId = id ?? generated;
  return { controlId, hintId: `${controlId}-hint`, errorId: `${controlId}-error` };
}

function describedBy(hint: ReactNode, error: string | undefined, hintId: string, errorId: string) {
  return [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
}

function Chrome({ label, hint, error, controlId, hintId, errorId, children }: FieldChrome & { controlId: string; hintId: string; errorId: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {children}
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={errorId} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}

export function TextField({ label, hint, error, id, ...input }: FieldChrome & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} hint={hint} error={error} {...ids}>
      <input
        id={ids.controlId}
        type="text"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids.hintId, ids.errorId)}
        {...input}
      />
    </Chrome>
  );
}

export function TextAreaField({ label, hint, error, id, ...textarea }: FieldChrome & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} hint={hint} error={error} {...ids}>
      <textarea
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids.hintId, ids.errorId)}
        {...textarea}
      />
    </Chrome>
  );
}

export function SelectField({ label, hint, error, id, children, ...select }: FieldChrome & SelectHTMLAttributes<HTMLSelectElement>) {
  const ids = useFieldIds(id);
  return (
    <Chrome label={label} hint={hint} error={error} {...ids}>
      <select
        id={ids.controlId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint, error, ids.hintId, ids.errorId)}
        {...select}
      >
        {children}
      </select>
    </Chrome>
  );
}

export function CheckboxField({ label, hint, error, id, ...input }: FieldChrome & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(id);
  return (
    <div className="field">
      <label className="checkbox" htmlFor={ids.controlId}>
        <input
          id={ids.controlId}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(hint, error, ids.hintId, ids.errorId)}
          {...input}
        />
        <span>{label}</span>
      </label>
      {hint && (
        <span id={ids.hintId} className="field__hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={ids.errorId} className="field__error">
          {error}
        </span>
      )}
    </div>
  );
}
