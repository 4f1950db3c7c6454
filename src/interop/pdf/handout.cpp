#include "interop/pdf/handout.hpp"

#include <cairo.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "interop/pdf/consent_pdf.hpp"
#include "interop/pdf/pdf_pages.hpp"

namespace scarwise::interop {

constexpr double kMargin = 56.0;  // about 2 cm

std::string HandoutTime(const Timestamp& at) {
  const auto local = std::chrono::local_seconds(at.utc.time_since_epoch() + at.offset);
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss<std::chrono::seconds> time(local - day);
  static const char* const kWeekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char out[64];
  std::snprintf(out, sizeof out, "%s %u %s %d, %02d:%02d", kWeekdays[std::chrono::weekday(day).c_encoding()],
                static_cast<unsigned>(date.day()), kMonths[static_cast<unsigned>(date.month()) - 1],
                static_cast<int>(date.year()), static_cast<int>(time.hours().count()),
                static_cast<int>(time.minutes().count()));
  return out;
}

Handout AftercareHandout(const domain::AftercareProtocol& aftercare, const domain::RecoveryProtocol& recovery,
                         const Timestamp& session_end, int session_number, std::string patient_name,
                         std::string clinic_name, std::string clinic_contact) {
  Handout handout;
  handout.clinic_name = std::move(clinic_name);
  handout.clinic_contact = std::move(clinic_contact);
  handout.patient_name = std::move(patient_name);
  handout.session_label = "Session " + std::to_string(session_number) + ", ended " + HandoutTime(session_end);
  HandoutSection now{"Straight away", {}};
  HandoutSection later{"Wait before you use or do these", {}};
  std::vector<domain::AftercareStatus> timeline = domain::AftercareTimeline(aftercare, session_end, session_end);
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const auto& a, const auto& b) { return a.item->allowed_after < b.item->allowed_after; });
  for (const domain::AftercareStatus& status : timeline) {
    const domain::AftercareItem& item = *status.item;
    if (item.allowed_after.count() == 0) {
      std::string when;
      if (status.keep_up_until) when = "Until " + HandoutTime(*status.keep_up_until);
      now.lines.push_back({when, item.title + ": " + item.advice});
    } else {
      later.lines.push_back({"From " + HandoutTime(status.allowed_from), item.title + ": " + item.advice});
    }
  }
  handout.sections = {std::move(now), std::move(later)};
  handout.expected_course = recovery.expected.advice;
  handout.warning_signs_intro = recovery.after_session_note;
  for (const auto& rule : recovery.signs) handout.warning_signs.push_back(rule.patient);
  return handout;
}

Result<std::string> RenderHandoutPdf(const Handout& handout) {
  PdfPages pages("Aftercare after your microneedling session", kMargin);
  pages.Block("<b>" + EscapedMarkup(handout.clinic_name) + "</b>", "DejaVu Sans 16", 2);
  pages.Block(EscapedMarkup(handout.clinic_contact), "DejaVu Sans 9", 14);
  pages.Block("<b>Aftercare for " + EscapedMarkup(handout.patient_name) + "</b>", "DejaVu Sans 14", 2);
  if (handout.time_zone.empty()) {
    pages.Block(EscapedMarkup(handout.session_label), "DejaVu Sans 10", 12);
  } else {
    pages.Block(EscapedMarkup(handout.session_label), "DejaVu Sans 10", 2);
    pages.Block(EscapedMarkup("All times are the clinic's local time (" + handout.time_zone + ")."), "DejaVu Sans 9",
                12);
  }
  for (const HandoutSection& section : handout.sections) {
    if (section.lines.empty()) continue;
    pages.Block("<b>" + EscapedMarkup(section.title) + "</b>", "DejaVu Sans 12", 6);
    for (const HandoutLine& line : section.lines) {
      const std::string when = line.when.empty() ? "" : "<b>" + EscapedMarkup(line.when) + "</b>\n";
      pages.Block(when + EscapedMarkup(line.text), "DejaVu Sans 9.5", 6, 10);
    }
    pages.Block("", "DejaVu Sans 4", 4);
  }
  if (!handout.expected_course.empty()) {
    pages.Block("<b>What is normal</b>", "DejaVu Sans 12", 6);
    pages.Block(EscapedMarkup(handout.expected_course), "DejaVu Sans 9.5", 10, 10);
  }
  if (!handout.warning_signs.empty()) {
    pages.Block("<b>" + EscapedMarkup(handout.warning_signs_intro) + "</b>", "DejaVu Sans 12", 6);
    for (const std::string& sign : handout.warning_signs)
      pages.Block("• " + EscapedMarkup(sign), "DejaVu Sans 9.5", 3, 10);
    pages.Block(EscapedMarkup(handout.clinic_contact), "DejaVu Sans 9.5", 10, 10);
  }
  if (!handout.next_appointments.empty()) {
    pages.Block("<b>Your next appointments</b>", "DejaVu Sans 12", 6);
    for (const std::string& next : handout.next_appointments)
      pages.Block(EscapedMarkup(next), "DejaVu Sans 9.5", 3, 10);
  }
  return pages.Finish("handout");
}

namespace {

// The strokes of a validated signature path drawn into the box (left, top, width, height),
// scaled to fit and keeping its proportions.
void DrawSignature(cairo_t* cr, const std::string& path, double left, double top, double width, double height) {
  struct Point {
    bool move;
    double x, y;
  };
  std::vector<Point> points;
  const char* p = path.c_str();
  while (*p != '\0') {
    while (*p == ' ' || *p == ',') ++p;
    if (*p != 'M' && *p != 'L') break;
    const bool move = *p == 'M';
    char* end = nullptr;
    const double x = std::strtod(p + 1, &end);
    const double y = std::strtod(end, &end);
    points.push_back({move, x, y});
    p = end;
  }
  if (points.empty()) return;
  double min_x = points[0].x, max_x = min_x, min_y = points[0].y, max_y = min_y;
  for (const Point& point : points) {
    min_x = std::min(min_x, point.x), max_x = std::max(max_x, point.x);
    min_y = std::min(min_y, point.y), max_y = std::max(max_y, point.y);
  }
  const double scale = std::min(width / std::max(1.0, max_x - min_x), height / std::max(1.0, max_y - min_y));
  cairo_save(cr);
  cairo_set_source_rgb(cr, 0.05, 0.1, 0.35);
  cairo_set_line_width(cr, 1.4);
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (const Point& point : points) {
    const double x = left + (point.x - min_x) * scale, y = top + (point.y - min_y) * scale;
    if (point.move) {
      cairo_move_to(cr, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
  cairo_stroke(cr);
  cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, left, top + height + 4);
  cairo_line_to(cr, left + width, top + height + 4);
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace

Result<std::string> RenderConsentPdf(const ConsentDocument& consent) {
  const size_t title_end = consent.shown_text.find('\n');
  const std::string title = consent.shown_text.substr(0, title_end);
  PdfPages pages(title, kMargin);
  pages.Block("<b>" + EscapedMarkup(consent.clinic_name) + "</b>", "DejaVu Sans 16", 10);
  pages.Block("<b>" + EscapedMarkup(title) + "</b>", "DejaVu Sans 14", 2);
  pages.Block(
      "Patient: " + EscapedMarkup(consent.patient_name) + "   ·   Text version " + EscapedMarkup(consent.text_version),
      "DejaVu Sans 9.5", 12);
  // The shown text after its title: paragraphs separated by blank lines; a heading is the
  // first line of its paragraph.
  std::string rest = title_end == std::string::npos ? "" : consent.shown_text.substr(title_end + 1);
  size_t at = 0;
  while (at < rest.size()) {
    size_t end = rest.find("\n\n", at);
    if (end == std::string::npos) end = rest.size();
    const std::string paragraph = rest.substr(at, end - at);
    at = end + 2;
    const size_t from = paragraph.find_first_not_of('\n');
    if (from == std::string::npos) continue;
    const std::string body = paragraph.substr(from);
    const size_t line = body.find('\n');
    if (line == std::string::npos) {
      pages.Block(EscapedMarkup(body), "DejaVu Sans 9.5", 8);
    } else {
      pages.Block("<b>" + EscapedMarkup(body.substr(0, line)) + "</b>", "DejaVu Sans 11", 3);
      pages.Block(EscapedMarkup(body.substr(line + 1)), "DejaVu Sans 9.5", 8);
    }
  }
  pages.Block("", "DejaVu Sans 4", 8);
  pages.Block("<b>" + EscapedMarkup(consent.signer_line) + "</b>", "DejaVu Sans 11", 3);
  pages.Block("Signed on " + EscapedMarkup(consent.signed_at), "DejaVu Sans 9.5", 6);
  const double top = pages.Reserve(80);
  DrawSignature(pages.Canvas(), consent.signature_svg_path, pages.Left(), top, 220, 64);
  pages.Block("SHA-256 of the text shown: " + EscapedMarkup(consent.text_sha256), "DejaVu Sans Mono 7.5", 6);
  if (consent.withdrawn_at) {
    pages.Block("<b>Withdrawn on " + EscapedMarkup(*consent.withdrawn_at) + "</b>", "DejaVu Sans 11", 6);
  }
  return pages.Finish("consent");
}

}  // namespace scarwise::interop
