// The invitation link a patient gets by e-mail: {public_url}/invitation#token=TOKEN. The
// token lives in the fragment (never sent to the server with the page, nor in a Referer);
// the page takes it out of the address bar at once and keeps it in memory only, so it is not
// left in the history, a bookmark or a screenshot.

/** The token of a "#token=..." fragment (the leading "#" optional), or undefined. */
export function invitationToken(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : undefined;
}

let kept: string | undefined;

/**
 * The invitation token: taken from the address bar's fragment when it has one (and then
 * removed from it, the path kept), otherwise the one taken earlier in this page's life.
 */
export function takeInvitationToken(): string | undefined {
  const fromAddress = invitationToken(location.hash);
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  if (fromAddress) kept = fromAddress;
  return kept;
}

/** Forgets the kept token (once it was used). */
export function forgetInvitationToken(): void {
  kept = undefined;
}
