#pragma once

// A signed consent as a printable A4 PDF (cairo + pango, like the aftercare handout): the
// exact text that was shown, who signed and when, the drawn signature and the SHA-256 of
// the text, so a paper copy can be checked against the record.

#include <optional>
#include <string>

#include "common/result.hpp"

namespace scarwise::interop {

struct ConsentDocument {
  std::string clinic_name;
  std::string patient_name;
  std::string shown_text;    // first line: the title; then headings and paragraphs
  std::string text_version;  // "2026.12.1"
  std::string text_sha256;
  std::string signer_line;                  // "Signed by Ada Lovelace (the patient)" or "... (guardian: mother)"
  std::string signed_at;                    // "Tue 1 Dec 2026, 10:45 UTC"
  std::string signature_svg_path;           // "M x y L x y ..." (domain::ValidateSignaturePath)
  std::optional<std::string> withdrawn_at;  // set when withdrawn since
};

// The PDF file's bytes. kInternal when cairo cannot render.
Result<std::string> RenderConsentPdf(const ConsentDocument& consent);

}  // namespace scarwise::interop
