// One submit path for every form: a press while a request is in flight is ignored (the button
// shows progress and is disabled), each request carries an Idempotency-Key that stays the same
// while the same body is sent again (a retry after a lost answer, or a second press, is stored
// once), server errors land next to the fields they name, and focus goes where the work
// continues: the first error, or the result, never <body>. Screen readers hear the outcome
// through the page's live region.
import { useRef, useState } from 'preact/hooks';
import { toFieldErrors, withoutField, type FieldErrors } from './field_errors';
import { idempotencyKeys } from './hooks';

/** Says `text` to screen readers through the polite live region of the page (#announcer). */
export function announce(text: string): void {
  let region = document.getElementById('announcer');
  if (!region) {
    region = document.createElement('div');
    region.id = 'announcer';
    region.className = 'visually-hidden';
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  // Cleared first, so the same sentence twice is announced twice.
  region.textContent = '';
  const target = region;
  setTimeout(() => { target.textContent = text; }, 50);
}

/** Calls `found` with the first element `find` returns once it is rendered (tries for about a second). */
function whenRendered<T>(find: () => T | null | undefined, found: (el: T) => void, tries = 30): void {
  const el = find();
  if (el) return found(el);
  if (tries > 0) requestAnimationFrame(() => whenRendered(find, found, tries - 1));
}

/** Focuses `el`, making it focusable first when it is not a control (a notice, a heading). */
export function focusElement(el: HTMLElement): void {
  if (el.tagName === 'FIELDSET') {
    const control = el.querySelector<HTMLElement>('input:checked, input, select, textarea, button');
    if (control) el = control;
  } else if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) {
    el.setAttribute('tabindex', '-1');
  }
  el.focus({ preventScroll: true });
  el.scrollIntoView?.({ block: 'center' });
}

/** Moves the focus to element `id` once it has rendered. */
export function focusWhenRendered(id: string): void {
  whenRendered(() => document.getElementById(id), focusElement);
}

const FIRST_ERROR = '[aria-invalid="true"], .notice--error';

/** Moves the focus to the first field with an error (or error notice) inside `scope`, once rendered. */
export function focusFirstError(scope?: HTMLElement | null): void {
  whenRendered(() => (scope ?? document).querySelector<HTMLElement>(FIRST_ERROR), focusElement);
}

export interface SubmitOptions {
  /** The field paths the form shows: a server error naming one of them goes next to it. */
  fields?: readonly string[];
  /** A server field path as the form names it (e.g. "zones[2].counts.rolling" → "cheek_left.rolling"). */
  rename?: (field: string) => string;
}

/** What a task may answer: the id of the element that shows its result (focused once rendered). */
export type SubmitResult = string | void;

export interface Submitter {
  /** True while a task is in flight. */
  busy: boolean;
  /** Field path → message; "" holds the error of no visible field. */
  errors: FieldErrors;
  setErrors: (errors: FieldErrors | ((e: FieldErrors) => FieldErrors)) => void;
  /** Drops the error of `path` (call it when the user edits that field). */
  clear: (path: string) => void;
  /** The Idempotency-Key for `body`: the same while the same body is sent again; `kind` separates a form's requests. */
  key: (body: unknown, kind?: string) => string;
  /** Shows local validation errors and focuses the first; true when there are none. */
  check: (errors: FieldErrors) => boolean;
  /**
   * Runs `task` unless one is in flight: busy meanwhile; a thrown error goes to the fields
   * (`options.fields`, or `errorsOf` when given) and focus to the first error; a returned
   * element id gets the focus once rendered.
   */
  run: (task: () => Promise<SubmitResult>, errorsOf?: (error: unknown) => FieldErrors) => Promise<void>;
}

export function useSubmit(options: SubmitOptions = {}): Submitter {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const inFlight = useRef(false);
  const keys = useRef(new Map<string, (body: unknown) => string>());
  const latest = useRef(options);
  latest.current = options;

  const showErrors = (found: FieldErrors) => {
    setErrors(found);
    if (Object.keys(found).length === 0) return;
    focusFirstError();
    // An error of no field is an alert notice (read out as it appears); field errors are read with
    // the field that takes the focus: the live region only counts them.
    const fields = Object.keys(found).filter((k) => k !== '').length;
    if (fields > 0) announce(`Not sent: ${fields === 1 ? 'one answer needs' : `${fields} answers need`} attention.`);
  };

  return {
    busy,
    errors,
    setErrors,
    clear: (path) => setErrors((e) => withoutField(e, path)),
    key: (body, kind = '') => {
      let keyFor = keys.current.get(kind);
      if (!keyFor) keys.current.set(kind, (keyFor = idempotencyKeys()));
      return keyFor(body);
    },
    check: (found) => {
      showErrors(found);
      return Object.keys(found).length === 0;
    },
    run: async (task, errorsOf) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setBusy(true);
      try {
        const shown = await task();
        if (shown) focusWhenRendered(shown);
      } catch (error) {
        const { fields = [], rename } = latest.current;
        showErrors(errorsOf ? errorsOf(error) : toFieldErrors(error, fields, rename));
      } finally {
        inFlight.current = false;
        setBusy(false);
      }
    },
  };
}
