-- the clinic's identity: name, address, phone, e-mail and logo, for the portal, e-mails, the handout and iCal
CREATE TABLE clinic_identity (
  id {{INTEGER_KEY}} CHECK (id = 1),
  name TEXT NOT NULL,
  address TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  logo_type TEXT NOT NULL CONSTRAINT clinic_identity_logo_type CHECK (logo_type IN ('', 'image/png', 'image/jpeg')),
  logo_base64 TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  version BIGINT NOT NULL CHECK (version >= 1)
);
