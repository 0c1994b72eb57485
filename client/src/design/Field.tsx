import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
}

/** Wires label, hint and error to the control by id so screen readers announce them. */
function useField({ id, hint, error }: { id?: string; hint?: ReactNode; error?: string }) {
  const generated = useId();
  const controlId = id ?? generated;
  const ids = { controlId, hintId: `${controlId}-hint`, errorId: `${controlId}-error` };
  const describedBy = [hint ? ids.hintId : null, error ? ids.errorId : null].filter(Boolean).join(' ') || undefined;
  return { ids, control: { id: controlId, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy } };
}

type FieldIds = ReturnType<typeof useField>['ids'];

function Notes({ hint, error, ids }: { hint?: ReactNode; error?: string; ids: FieldIds }) {
  return (
    <>
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
    </>
  );
}

function Chrome({ label, hint, error, ids, children }: FieldChrome & { ids: FieldIds; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={ids.controlId}>{label}</label>
      {children}
      <Notes hint={hint} error={error} ids={ids} />
    </div>
  );
}

export function TextField({ label, hint, error, id, ...input }: FieldChrome & InputHTMLAttributes<HTMLInputElement>) {
  const { ids, control } = useField({ id, hint, error });
  return (
    <Chrome label={label} hint={hint} error={error} ids={ids}>
      <input {...control} type="text" {...input} />
    </Chrome>
  );
}

export function TextAreaField({ label, hint, error, id, ...textarea }: FieldChrome & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { ids, control } = useField({ id, hint, error });
  return (
    <Chrome label={label} hint={hint} error={error} ids={ids}>
      <textarea {...control} {...textarea} />
    </Chrome>
  );
}

export function SelectField({ label, hint, error, id, children, ...select }: FieldChrome & SelectHTMLAttributes<HTMLSelectElement>) {
  const { ids, control } = useField({ id, hint, error });
  return (
    <Chrome label={label} hint={hint} error={error} ids={ids}>
      <select {...control} {...select}>
        {children}
      </select>
    </Chrome>
  );
}

export function CheckboxField({ label, hint, error, id, ...input }: FieldChrome & InputHTMLAttributes<HTMLInputElement>) {
  const { ids, control } = useField({ id, hint, error });
  return (
    <div className="field">
      <label className="checkbox" htmlFor={ids.controlId}>
        <input {...control} type="checkbox" {...input} />
        <span>{label}</span>
      </label>
      <Notes hint={hint} error={error} ids={ids} />
    </div>
  );
}

/** A form's primary button, at the end of its row; it shows `busyLabel` and is disabled while the form is sent. */
export function SubmitRow({ loading, disabled, busyLabel, children }: { loading: boolean; disabled?: boolean; busyLabel: string; children: ReactNode }) {
  return (
    <div className="row row--end">
      <button className="button" type="submit" disabled={loading || disabled}>
        {loading ? busyLabel : children}
      </button>
    </div>
  );
}
