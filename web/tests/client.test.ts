import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError, errorFromResponse, readCookie, request, requestHeaders, setUnauthenticatedHandler,
} from '../src/api/client';

describe('readCookie', () => {
  it.each([
    ['scarwise_csrf=abc', 'abc'],
    ['a=1; scarwise_csrf=abc; b=2', 'abc'],
    ['a=1;scarwise_csrf=x%20y', 'x y'],
    ['xscarwise_csrf=nope; other=1', undefined],
    ['', undefined],
  ])('%s → %s', (cookies, want) => {
    expect(readCookie(cookies, 'scarwise_csrf')).toBe(want);
  });
});

describe('requestHeaders', () => {
  const cookies = 'scarwise_csrf=tok123';
  it('adds X-CSRF-Token on writes only', () => {
    for (const m of ['POST', 'PATCH', 'PUT', 'DELETE']) expect(requestHeaders(m, true, cookies)['X-CSRF-Token']).toBe('tok123');
    for (const m of ['GET', 'HEAD', 'OPTIONS']) expect(requestHeaders(m, false, cookies)['X-CSRF-Token']).toBeUndefined();
  });
  it('sends a JSON content type only with a body', () => {
    expect(requestHeaders('POST', true, '')['Content-Type']).toBe('application/json');
    expect(requestHeaders('POST', false, '')['Content-Type']).toBeUndefined();
  });
  it('omits the CSRF header when there is no CSRF cookie (the server then refuses the write)', () => {
    expect(requestHeaders('POST', true, 'other=1')['X-CSRF-Token']).toBeUndefined();
  });
  it('keeps extra headers such as If-Match', () => {
    expect(requestHeaders('POST', false, cookies, { 'If-Match': '"2"' })['If-Match']).toBe('"2"');
  });
});

describe('errorFromResponse', () => {
  it('reads the error envelope with its field and request id', () => {
    const e = errorFromResponse(400, JSON.stringify({ error: { code: 'invalid_argument', message: 'required', field: 'history.pregnant', request_id: 'r1' } }));
    expect(e).toBeInstanceOf(ApiError);
    expect([e.status, e.code, e.message, e.field, e.requestId]).toEqual([400, 'invalid_argument', 'required', 'history.pregnant', 'r1']);
  });
  it('treats an empty field as no field', () => {
    expect(errorFromResponse(409, JSON.stringify({ error: { code: 'conflict', message: 'x', field: '' } })).field).toBeUndefined();
  });
  it('explains a body that is not the envelope', () => {
    const e = errorFromResponse(502, '<html>Bad gateway</html>');
    expect(e.code).toBe('bad_response');
    expect(e.message).toContain('502');
  });
});

describe('request', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthenticatedHandler(undefined);
    document.cookie = 'scarwise_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
  });

  it('sends the CSRF cookie back as a header on a write, with the JSON body', async () => {
    document.cookie = 'scarwise_csrf=fromcookie';
    const fetch = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    expect(await request('POST', '/api/v1/product-checks', { body: { inci: 'Aqua' } })).toEqual({ ok: true });
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('fromcookie');
    expect(init.body).toBe('{"inci":"Aqua"}');
    expect(init.credentials).toBe('same-origin');
  });

  it('throws the server error with its field', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ error: { code: 'invalid_argument', message: 'must be a date', field: 'birth_date', request_id: 'r' } }), { status: 400 })));
    await expect(request('POST', '/api/v1/patients', { body: {} })).rejects.toMatchObject({ code: 'invalid_argument', field: 'birth_date' });
  });

  it('turns a network failure into a "network" error that says the input is kept', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const error = (await request('GET', '/api/v1/me').catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('network');
    expect(error.message).toContain('input is kept');
  });

  it('reports a 401 to the unauthenticated handler, except on the login call', async () => {
    const handler = vi.fn();
    setUnauthenticatedHandler(handler);
    const unauth = () => new Response(JSON.stringify({ error: { code: 'unauthenticated', message: 'sign in first', request_id: 'r' } }), { status: 401 });
    vi.stubGlobal('fetch', vi.fn(async () => unauth()));
    await expect(request('GET', '/api/v1/me')).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
    await expect(request('POST', '/api/v1/auth/login', { body: {} })).rejects.toBeInstanceOf(ApiError);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('returns undefined for an empty 2xx body', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('', { status: 200 })));
    expect(await request('POST', '/api/v1/auth/logout')).toBeUndefined();
  });
});
