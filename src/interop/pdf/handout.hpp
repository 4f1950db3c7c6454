#pragma once

// The printable aftercare handout a patient takes home after a session: A4 PDF with real,
// extractable text (cairo + pango, fonts embedded), in any script the fonts cover.

#include <string>
#include <vector>

#include "common/civil_time.hpp"
#include "common/result.hpp"
#include "domain/aftercare/aftercare.hpp"
#include "domain/recovery/recovery.hpp"

namespace scarwise::interop {

struct HandoutLine {
  std::string when;  // "From Wed 2 Dec 2026, 10:45", or "" for "straight away"
  std::string text;
};

struct HandoutSection {
  std::string title;
  std::vector<HandoutLine> lines;
};

struct Handout {
  std::string clinic_name;
  std::string clinic_contact;
  std::string patient_name;
  std::string session_label;  // "Session 1, ended Tue 1 Dec 2026, 10:45"
  std::vector<HandoutSection> sections;
  std::string expected_course;             // what is normal in the first days
  std::string warning_signs_intro;         // introduces the signs (the protocol's words)
  std::vector<std::string> warning_signs;  // call the clinic if ...
  std::vector<std::string> next_appointments;
  // The clock every time above is on, said once under the session ("Europe/Amsterdam"); "" to
  // say nothing.
  std::string time_zone;
};

// "Tue 1 Dec 2026, 10:45", in the timestamp's own UTC offset.
std::string HandoutTime(const Timestamp& at);

// The handout of one session: what to use straight away (and for how long), then what
// waits, in the order it becomes allowed, each with its date and time from the real end of
// the session; the expected course and the warning signs from the recovery protocol.
Handout AftercareHandout(const domain::AftercareProtocol& aftercare, const domain::RecoveryProtocol& recovery,
                         const Timestamp& session_end, int session_number, std::string patient_name,
                         std::string clinic_name, std::string clinic_contact);

// The PDF file's bytes. kInternal when cairo cannot render.
Result<std::string> RenderHandoutPdf(const Handout& handout);

}  // namespace scarwise::interop
