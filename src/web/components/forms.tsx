import type { ComponentChildren } from 'preact';
import type { FieldErrors } from '../../errors.js';

/** The hidden CSRF field every state-changing form carries. */
export function Csrf({ token }: { token?: string | undefined }) {
  return <input type="hidden" name="_csrf" value={token ?? ''} />;
}

export function ErrorSummary({ errors, message }: { errors?: FieldErrors | undefined; message?: string | undefined }) {
  if (!errors || Object.keys(errors).length === 0) {
    return message ? <div class="alert alert-error" role="alert">{message}</div> : null;
  }
  return (
    <div class="alert alert-error" role="alert" tabIndex={-1} id="error-summary">
      <p>{message ?? '提交未成功，请修改以下内容：'}</p>
      <ul>
        {Object.entries(errors).map(([field, msg]) => (
          <li key={field}>
            <a href={`#f-${field.replace(/\./g, '-')}`}>{msg}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null | undefined;
  errors?: FieldErrors | undefined;
  hint?: string | undefined;
  required?: boolean;
  type?: string;
  maxLength?: number;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'url';
  /** The id of the form the control belongs to, when it sits outside it. */
  form?: string;
}

const fieldId = (name: string) => `f-${name.replace(/\./g, '-')}`;

/**
 * The wrapper every form control shares: label, hint and error, with the ids that
 * `aria-describedby` needs, so each control only renders itself.
 */
function FieldFrame(p: FieldProps & { control: (a: { id: string; invalid?: 'true'; describedBy?: string }) => ComponentChildren }) {
  const id = fieldId(p.name);
  const err = p.errors?.[p.name];
  const describedBy = [p.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {err ? <p class="error-text" id={`${id}-error`}>{err}</p> : null}
      {p.control({ id, ...(err ? { invalid: 'true' as const } : {}), ...(describedBy ? { describedBy } : {}) })}
    </div>
  );
}

/** A labelled input with its hint and error, wired for screen readers. */
export function Field(p: FieldProps) {
  return (
    <FieldFrame
      {...p}
      control={(a) => (
        <input
          id={a.id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.value ?? ''}
          required={p.required}
          maxLength={p.maxLength}
          autoComplete={p.autoComplete}
          inputMode={p.inputMode}
          form={p.form}
          aria-invalid={a.invalid}
          aria-describedby={a.describedBy}
        />
      )}
    />
  );
}

export function TextArea(p: FieldProps & { rows?: number }) {
  return (
    <FieldFrame
      {...p}
      control={(a) => (
        <textarea id={a.id} name={p.name} rows={p.rows ?? 4} maxLength={p.maxLength} aria-invalid={a.invalid} aria-describedby={a.describedBy}>
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

export function Select(p: FieldProps & { options: { value: string; label: string }[]; children?: ComponentChildren }) {
  const id = fieldId(p.name);
  const err = p.errors?.[p.name];
  return (
    <div class={`field${err ? ' field-error' : ''}`}>
      <label for={id}>
        {p.label}
        {p.required ? <span class="required" aria-hidden="true"> *</span> : null}
      </label>
      {p.hint ? <p class="hint" id={`${id}-hint`}>{p.hint}</p> : null}
      {err ? <p class="error-text" id={`${id}-error`}>{err}</p> : null}
      <select id={id} name={p.name} aria-invalid={err ? 'true' : undefined} aria-describedby={err ? `${id}-error` : undefined}>
        {p.options.map((o) => (
          <option key={o.value} value={o.value} selected={String(p.value ?? '') === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
