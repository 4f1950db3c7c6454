// Puts API errors next to the field they name. The server names the offending input by a
// dotted path relative to the request body ("birth_date", "zones[0].counts.ice_pick",
// "history.pregnant"); forms register their fields under the same paths.
import { ApiError } from '../api/client';

/** Field path → message. The key "" holds the error that belongs to no visible field. */
export type FieldErrors = Record<string, string>;

/** A sentence for an error that names no field (or one the form does not show). */
export function generalMessage(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'network':
        return error.message;
      case 'unauthenticated':
        return 'Your session has ended. Sign in again; your input is kept on this page.';
      case 'permission_denied':
        return `Not allowed: ${error.message}.`;
      case 'not_found':
        return 'Not found, or not yours to see.';
      case 'rate_limited':
        return 'Too many attempts. Wait a minute and try again.';
      default:
        return capitalise(error.message) + (error.requestId ? ` (request ${error.requestId})` : '');
    }
  }
  return 'Something went wrong in the app. Your input is kept; try again.';
}

/**
 * Maps an error to the form's fields. `known` lists the paths the form shows; `rename`
 * turns a server path into a form path (e.g. "zones[2].counts.rolling" → "cheek_left.rolling").
 * An error whose field is not shown goes under "" with the field named in the text.
 */
export function toFieldErrors(
  error: unknown,
  known: readonly string[],
  rename: (field: string) => string = (f) => f,
): FieldErrors {
  if (error instanceof ApiError && error.field) {
    const field = rename(error.field);
    if (known.includes(field)) return { [field]: capitalise(error.message) + '.' };
    return { '': `${error.field}: ${error.message}.` };
  }
  return { '': generalMessage(error) };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The DOM id of a form field's control, and of its error message. */
export function fieldId(form: string, path: string): string {
  return `${form}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** The errors without the one for `path` (and its sub-paths): called when the user edits that field. */
export function withoutField(errors: FieldErrors, path: string): FieldErrors {
  const keys = Object.keys(errors).filter((k) => k === path || k.startsWith(`${path}.`));
  if (keys.length === 0) return errors;
  const out = { ...errors };
  for (const k of keys) delete out[k];
  return out;
}
