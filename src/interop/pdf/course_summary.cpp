#include "interop/pdf/course_summary.hpp"

#include "interop/pdf/pdf_pages.hpp"

namespace scarwise::interop {

Result<std::string> RenderCourseSummaryPdf(const CourseSummary& s) {
  PdfPages page(s.title, 50);
  page.Block("<b>" + EscapedMarkup(s.title) + ": " + EscapedMarkup(s.patient_name) + "</b>", "DejaVu Sans 15", 4);
  page.Block(EscapedMarkup(s.plan), "DejaVu Sans 10", 2);
  page.Block(EscapedMarkup(s.baseline), "DejaVu Sans 10", 10);
  for (const CourseSummaryRow& row : s.rows) {
    std::string text = "<b>" + EscapedMarkup(row.when) + "</b>: " + EscapedMarkup(row.measured);
    if (!row.expected.empty()) text += "; " + EscapedMarkup(row.expected);
    if (!row.patient.empty()) text += "\n" + EscapedMarkup(row.patient);
    page.Block(text, "DejaVu Sans 9", 4, 8);
  }
  page.Block("", "DejaVu Sans 4", 4);
  page.Block(EscapedMarkup(s.result), "DejaVu Sans 10", 10);
  page.Block("<b>" + EscapedMarkup(s.adverse_events_title) + "</b>", "DejaVu Sans 11", 4);
  if (s.adverse_events.empty()) page.Block(EscapedMarkup(s.no_adverse_events), "DejaVu Sans 9", 10, 8);
  for (const std::string& event : s.adverse_events) page.Block("• " + EscapedMarkup(event), "DejaVu Sans 9", 3, 8);
  page.Block(EscapedMarkup(s.explanation), "DejaVu Sans 8", 0);
  return page.Finish("course summary");
}

}  // namespace scarwise::interop
