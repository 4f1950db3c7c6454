// The HTTP client of the Scarwise API (/api/v1). Every call goes through `request`, which
// sends the session cookie, adds the CSRF header on writes, and turns every failure into an
// ApiError: the server's error envelope when there is one, otherwise a synthetic code
// ("network" when the server could not be reached, "bad_response" for a non-JSON answer).

import type { AnswerOf, BodyOf, Method, Paths, Schemas } from './types';

/** Error codes of the server's envelope, plus the two the client makes up itself. */
export type ErrorCode = Schemas['Error']['error']['code'] | 'network' | 'bad_response';

/** A failed API call. `field` is the dotted path of the offending input (e.g. "history.pregnant"). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The name of the double-submit CSRF cookie, and the header that must echo it on writes. */
export const CSRF_COOKIE = 'scarwise_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

/** The value of cookie `name` in a `document.cookie` string, or undefined. */
export function readCookie(cookies: string, name: string): string | undefined {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** True for methods that change state and therefore need the CSRF header. */
export function isWrite(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** The request headers for one call: JSON body type when there is a body, CSRF on writes. */
export function requestHeaders(method: string, hasBody: boolean, cookies: string, extra: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', ...extra };
  if (hasBody) headers['Content-Type'] = 'application/json';
  if (isWrite(method)) {
    const csrf = readCookie(cookies, CSRF_COOKIE);
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  return headers;
}

/** Turns a non-2xx response body (text) into an ApiError, using the envelope when present. */
export function errorFromResponse(status: number, bodyText: string): ApiError {
  try {
    const body = JSON.parse(bodyText) as { error?: { code?: string; message?: string; field?: string; request_id?: string } };
    const e = body.error;
    if (e && typeof e.code === 'string' && typeof e.message === 'string') {
      return new ApiError(status, e.code as ErrorCode, e.message, e.field || undefined, e.request_id);
    }
  } catch {
    // not JSON: fall through to a generic error naming the status
  }
  return new ApiError(status, 'bad_response', `The server answered ${status} without an explanation.`);
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as it is (a CSV file), with its own Content-Type, instead of JSON. */
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Signals that the session ended (401): the app shows the sign-in page. */
let onUnauthenticated: (() => void) | undefined;
export function setUnauthenticatedHandler(handler: (() => void) | undefined): void {
  onUnauthenticated = handler;
}

/**
 * Calls `method path` (path starts with /api/) and returns the parsed JSON answer.
 * Throws ApiError on any failure; calls the unauthenticated handler on a 401.
 */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const hasBody = options.body !== undefined;
  const headers = requestHeaders(method, hasBody || options.raw !== undefined, document.cookie, options.headers);
  if (options.raw) headers['Content-Type'] = options.raw.contentType;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: options.raw ? options.raw.text : hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'The clinic server could not be reached. Your input is kept; try again.');
  }
  const text = await response.text();
  if (!response.ok) {
    const error = errorFromResponse(response.status, text);
    if (response.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated?.();
    throw error;
  }
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server sent an answer the app could not read.');
  }
}

/**
 * Sends `body` (a file: a photo) as the request body itself, with its own type, and returns the
 * parsed JSON answer; failures as for `request`.
 */
export async function uploadFile<T>(path: string, body: Blob): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...requestHeaders('POST', false, document.cookie), 'Content-Type': body.type || 'application/octet-stream' },
      body,
    });
  } catch {
    throw new ApiError(0, 'network', 'The clinic server could not be reached. Try the upload again.');
  }
  const text = await response.text();
  if (!response.ok) {
    if (response.status === 413) throw new ApiError(413, 'bad_response', 'The photo is too large for the server.', 'photo');
    const error = errorFromResponse(response.status, text);
    if (response.status === 401) onUnauthenticated?.();
    throw error;
  }
  return JSON.parse(text) as T;
}

export interface CallOptions<B> {
  /** The path's {name} placeholders. */
  params?: Record<string, string | number>;
  /** A query string ("?a=1" or ""), appended as is. */
  query?: string;
  body?: B;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * `request` typed by the server's OpenAPI document: `path` is the document's path (e.g.
 * "/api/v1/patients/{id}"), the body and the answer are its schemas, so a path, method, body
 * or answer the server no longer has fails to compile.
 */
export function call<P extends keyof Paths, M extends Method & keyof Paths[P]>(
  method: M, path: P, options: CallOptions<BodyOf<P, M>> = {},
): Promise<AnswerOf<P, M>> {
  const url = (path as string).replace(/\{([a-z_]+)\}/g, (_, name: string) => {
    const value = options.params?.[name];
    if (value === undefined) throw new Error(`call ${String(path)}: no value for {${name}}`);
    return encodeURIComponent(String(value));
  });
  return request<AnswerOf<P, M>>(method.toUpperCase(), url + (options.query ?? ''),
    { body: options.body, headers: options.headers, signal: options.signal });
}
