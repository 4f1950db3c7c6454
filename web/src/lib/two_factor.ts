// Presentation helpers of two-factor enrolment (the account page).

/** The base32 secret in groups of four, for typing into an authenticator app by hand. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/** The server's QR code SVG as an image URL (the CSP allows data: images, not inline SVG markup). */
export function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The recovery codes as a text file's content, one per line, with a note of what they are. */
export function recoveryCodesText(email: string, codes: string[]): string {
  return [`Scarwise recovery codes for ${email}`, 'Each code signs in once in place of the 6-digit code.', '', ...codes, ''].join('\n');
}
