// Shared building blocks: labelled fields with their error next to them, buttons that show
// progress, notices, and links that route without reloading.
import type { AnchorHTMLAttributes, ButtonHTMLAttributes, ComponentChildren, InputHTMLAttributes } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onLinkClick } from '../lib/router';
import { fieldId } from '../lib/field_errors';

export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...props} onClick={onLinkClick} />;
}

interface FieldProps {
  form: string;
  path: string;
  label: string;
  error?: string;
  hint?: string;
  children: (ids: { id: string; describedBy?: string; invalid: boolean }) => ComponentChildren;
}

/** A label, the control (rendered by `children` with the ids to use), a hint and the error. */
export function Field({ form, path, label, error, hint, children }: FieldProps) {
  const id = fieldId(form, path);
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      {children({ id, describedBy, invalid: !!error })}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** The input attributes the app's text fields use. */
interface InputProps {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'datetime-local' | 'number' | 'tel' | 'search';
  autoComplete?: string;
  placeholder?: string;
  min?: string;
  step?: string;
  inputMode?: 'numeric' | 'decimal' | 'text';
}

/**
 * What a number field's text says as it is typed: the value to keep (a negative number is held
 * at `min`, so a count never goes negative) and the message to show, if any. `whole`: only whole
 * numbers. "" (an empty field) is left to the form's own check.
 */
export function checkNumberInput(text: string, badInput: boolean, min?: string, whole = false): { value: string; message?: string } {
  if (badInput) return { value: '', message: 'Enter a number.' };
  if (text.trim() === '') return { value: text };
  const n = Number(text);
  if (!Number.isFinite(n)) return { value: '', message: 'Enter a number.' };
  if (min !== undefined && n < Number(min)) {
    // A negative number never stays; one between 0 and a higher minimum is kept, with the message.
    return { value: n < 0 ? min : text, message: `Cannot be less than ${min}.` };
  }
  if (whole && !Number.isInteger(n)) return { value: String(Math.trunc(n)), message: 'Enter a whole number.' };
  return { value: text };
}

/** A text-like input inside a Field; a number field checks its value as it changes (checkNumberInput). */
export function TextField(props: { form: string; path: string; label: string; error?: string; hint?: string } & InputProps) {
  const { form, path, label, error: given, hint, value, onValue: set, ...rest } = props;
  const [live, setLive] = useState<string>();
  const error = given ?? live;
  const onValue = (v: string, input?: HTMLInputElement) => {
    if (rest.type !== 'number') return set(v);
    const checked = checkNumberInput(v, !!input?.validity.badInput, rest.min, rest.inputMode === 'numeric');
    setLive(checked.message);
    if (input && checked.value !== v) input.value = checked.value;
    set(checked.value);
  };
  return (
    <Field form={form} path={path} label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          {...(rest as unknown as InputHTMLAttributes<HTMLInputElement>)}
          id={id}
          name={path}
          value={value}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value, e.currentTarget as HTMLInputElement)}
        />
      )}
    </Field>
  );
}

/** A select inside a Field; options are [value, label] pairs. */
export function SelectField(props: {
  form: string; path: string; label: string; error?: string; hint?: string;
  value: string; onValue: (v: string) => void; options: [string, string][]; placeholder?: string;
}) {
  const { form, path, label, error, hint, value, onValue, options, placeholder } = props;
  return (
    <Field form={form} path={path} label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={path} value={value} aria-invalid={invalid || undefined} aria-describedby={describedBy}
          onChange={(e) => onValue((e.currentTarget as HTMLSelectElement).value)}>
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
        </select>
      )}
    </Field>
  );
}

/**
 * A group of radio buttons with a legend, and its error: the group says it is invalid and
 * points at its message (aria-describedby), as a text field does.
 */
export function RadioGroup(props: {
  form: string; path: string; legend: string; error?: string;
  value: string; onValue: (v: string) => void; options: [string, string][]; inline?: boolean;
}) {
  const { form, path, legend, error, value, onValue, options, inline } = props;
  const id = fieldId(form, path);
  return (
    <fieldset class={`radio-group${inline ? ' radio-group--inline' : ''}${error ? ' field--invalid' : ''}`} id={id}
      aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      <div class="radio-options">
        {options.map(([v, l]) => (
          <label key={v} class="radio">
            <input type="radio" name={id} value={v} checked={value === v} onChange={() => onValue(v)} />
            <span>{l}</span>
          </label>
        ))}
      </div>
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </fieldset>
  );
}

/** A submit (or plain) button that shows progress and is disabled while `busy`. */
export function Button(props: ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; busyLabel?: string; variant?: 'primary' | 'secondary' | 'danger' }) {
  const { busy, busyLabel, variant = 'primary', children, ...rest } = props;
  return (
    <button {...rest} class={`btn btn--${variant}`} disabled={busy || rest.disabled} aria-busy={busy || undefined}>
      {busy && <span class="spinner" aria-hidden="true" />}
      {busy ? busyLabel ?? children : children}
    </button>
  );
}

/** A message box; `tone` picks the colour, errors are announced to screen readers. */
export function Notice({ tone = 'info', children, title, id }: {
  tone?: 'info' | 'success' | 'warning' | 'error'; title?: string; children?: ComponentChildren;
  /** An id, for a notice that shows a form's result (useSubmit focuses it). */
  id?: string;
}) {
  return (
    <div class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'} id={id} tabIndex={id ? -1 : undefined}>
      {title && <strong class="notice-title">{title}</strong>}
      {children}
    </div>
  );
}

/** Progress for a page or a section that is loading. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p class="loading" role="status">
      <span class="spinner" aria-hidden="true" /> {label}
    </p>
  );
}

/** The standard page header: an h1 with an optional subtitle and actions; it also titles the document. */
export function PageHeader({ title, subtitle, children }: { title: string; subtitle?: ComponentChildren; children?: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · Scarwise`;
  }, [title]);
  return (
    <header class="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p class="subtitle">{subtitle}</p>}
      </div>
      {children && <div class="page-actions">{children}</div>}
    </header>
  );
}

/** A badge with a tone class, for decisions, urgencies and statuses. */
export function Badge({ tone, children }: { tone: string; children: ComponentChildren }) {
  return <span class={`badge badge--${tone}`}>{children}</span>;
}



/**
 * Asks before a destructive action: a modal dialog (focus on its Cancel button, Escape
 * cancels, the focus returns to what opened it), named by its title and described by its text.
 */
export function ConfirmDialog({ title, children, confirmLabel, onConfirm, onCancel }: {
  title: string; children: ComponentChildren; confirmLabel: string; onConfirm: () => void; onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el && !el.open) el.showModal();
    el?.querySelector<HTMLElement>('[data-cancel]')?.focus();
    return () => {
      el?.close();
      if (opener?.isConnected) setTimeout(() => opener.focus(), 0);
    };
  }, []);
  return (
    <dialog ref={dialog} class="dialog confirm-dialog" aria-labelledby="confirm-h" aria-describedby="confirm-text"
      onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id="confirm-h">{title}</h2>
      <div id="confirm-text">{children}</div>
      <div class="actions">
        <Button type="button" variant="danger" onClick={onConfirm}>{confirmLabel}</Button>
        <Button type="button" variant="secondary" data-cancel onClick={onCancel}>Cancel</Button>
      </div>
    </dialog>
  );
}
