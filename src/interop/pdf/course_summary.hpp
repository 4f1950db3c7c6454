#pragma once

// The one-page course summary a clinic hands over at the end of a course (issue 21): A4 PDF
// with extractable text (cairo + pango, like the aftercare handout).

#include <string>
#include <vector>

#include "common/result.hpp"

namespace scarwise::interop {

struct CourseSummaryRow {
  std::string when;      // "After session 2 (1 Dec 2026)", "Follow-up (2 Mar 2027)"
  std::string measured;  // "G&B 8 (grade 2), 20 % better"
  std::string expected;  // "expected 5-40 % (typically 22 %)", or ""
  std::string patient;   // "patient: improvement 6/10, satisfaction 8/10", or ""
};

struct CourseSummary {
  std::string title;  // "Course summary"
  std::string patient_name;
  std::string plan;      // "4 sessions, 28 days apart"
  std::string baseline;  // "Baseline 1 Oct 2026: G&B quantitative 10, grade 3"
  std::vector<CourseSummaryRow> rows;
  std::string result;  // the course's status and the patient's words
  std::string adverse_events_title;
  std::vector<std::string> adverse_events;  // empty: `no_adverse_events` is shown
  std::string no_adverse_events;
  std::string explanation;  // what moved the prediction, with its source
};

// The PDF file's bytes. kInternal when cairo cannot render.
Result<std::string> RenderCourseSummaryPdf(const CourseSummary& summary);

}  // namespace scarwise::interop
