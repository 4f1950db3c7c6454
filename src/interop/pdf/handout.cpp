#include "interop/pdf/handout.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include "interop/pdf/consent_pdf.hpp"

namespace scarwise::interop {
namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 56.0;  // about 2 cm

std::string Escaped(const std::string& text) {
  gchar* escaped = g_markup_escape_text(text.c_str(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Lays out blocks of pango markup top to bottom, starting a new page when one would not fit.
class Pages {
 public:
  explicit Pages(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
    pango_layout_set_width(layout_, static_cast<int>((kPageWidth - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  ~Pages() { g_object_unref(layout_); }
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  // Space for a drawing of `height` points (a new page when it would not fit); its top.
  double Reserve(double height) {
    if (y_ + height > kPageHeight - kMargin && y_ > kMargin) {
      cairo_show_page(cr_);
      y_ = kMargin;
    }
    const double top = y_;
    y_ += height;
    return top;
  }

  void Block(const std::string& markup, const char* font, double space_after, double indent = 0) {
    PangoFontDescription* description = pango_font_description_from_string(font);
    pango_layout_set_font_description(layout_, description);
    pango_font_description_free(description);
    pango_layout_set_width(layout_, static_cast<int>((kPageWidth - 2 * kMargin - indent) * PANGO_SCALE));
    pango_layout_set_markup(layout_, markup.c_str(), -1);
    int width = 0, height = 0;
    pango_layout_get_pixel_size(layout_, &width, &height);
    if (y_ + height > kPageHeight - kMargin && y_ > kMargin) {
      cairo_show_page(cr_);
      y_ = kMargin;
    }
    cairo_move_to(cr_, kMargin + indent, y_);
    pango_cairo_show_layout(cr_, layout_);
    y_ += height + space_after;
  }

 private:
  cairo_t* cr_;
  PangoLayout* layout_;
  double y_ = kMargin;
};

}  // namespace

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
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Aftercare after your microneedling session");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Scarwise");
  cairo_t* cr = cairo_create(surface);
  {
    Pages pages(cr);
    pages.Block("<b>" + Escaped(handout.clinic_name) + "</b>", "DejaVu Sans 16", 2);
    pages.Block(Escaped(handout.clinic_contact), "DejaVu Sans 9", 14);
    pages.Block("<b>Aftercare for " + Escaped(handout.patient_name) + "</b>", "DejaVu Sans 14", 2);
    if (handout.time_zone.empty()) {
      pages.Block(Escaped(handout.session_label), "DejaVu Sans 10", 12);
    } else {
      pages.Block(Escaped(handout.session_label), "DejaVu Sans 10", 2);
      pages.Block(Escaped("All times are the clinic's local time (" + handout.time_zone + ")."), "DejaVu Sans 9", 12);
    }
    for (const HandoutSection& section : handout.sections) {
      if (section.lines.empty()) continue;
      pages.Block("<b>" + Escaped(section.title) + "</b>", "DejaVu Sans 12", 6);
      for (const HandoutLine& line : section.lines) {
        const std::string when = line.when.empty() ? "" : "<b>" + Escaped(line.when) + "</b>\n";
        pages.Block(when + Escaped(line.text), "DejaVu Sans 9.5", 6, 10);
      }
      pages.Block("", "DejaVu Sans 4", 4);
    }
    if (!handout.expected_course.empty()) {
      pages.Block("<b>What is normal</b>", "DejaVu Sans 12", 6);
      pages.Block(Escaped(handout.expected_course), "DejaVu Sans 9.5", 10, 10);
    }
    if (!handout.warning_signs.empty()) {
      pages.Block("<b>" + Escaped(handout.warning_signs_intro) + "</b>", "DejaVu Sans 12", 6);
      for (const std::string& sign : handout.warning_signs) pages.Block("• " + Escaped(sign), "DejaVu Sans 9.5", 3, 10);
      pages.Block(Escaped(handout.clinic_contact), "DejaVu Sans 9.5", 10, 10);
    }
    if (!handout.next_appointments.empty()) {
      pages.Block("<b>Your next appointments</b>", "DejaVu Sans 12", 6);
      for (const std::string& next : handout.next_appointments) pages.Block(Escaped(next), "DejaVu Sans 9.5", 3, 10);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return Unexpected(Internal("the handout could not be rendered"));
  }
  return pdf;
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
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight);
  const size_t title_end = consent.shown_text.find('\n');
  const std::string title = consent.shown_text.substr(0, title_end);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Scarwise");
  cairo_t* cr = cairo_create(surface);
  {
    Pages pages(cr);
    pages.Block("<b>" + Escaped(consent.clinic_name) + "</b>", "DejaVu Sans 16", 10);
    pages.Block("<b>" + Escaped(title) + "</b>", "DejaVu Sans 14", 2);
    pages.Block("Patient: " + Escaped(consent.patient_name) + "   ·   Text version " + Escaped(consent.text_version),
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
        pages.Block(Escaped(body), "DejaVu Sans 9.5", 8);
      } else {
        pages.Block("<b>" + Escaped(body.substr(0, line)) + "</b>", "DejaVu Sans 11", 3);
        pages.Block(Escaped(body.substr(line + 1)), "DejaVu Sans 9.5", 8);
      }
    }
    pages.Block("", "DejaVu Sans 4", 8);
    pages.Block("<b>" + Escaped(consent.signer_line) + "</b>", "DejaVu Sans 11", 3);
    pages.Block("Signed on " + Escaped(consent.signed_at), "DejaVu Sans 9.5", 6);
    const double top = pages.Reserve(80);
    DrawSignature(cr, consent.signature_svg_path, kMargin, top, 220, 64);
    pages.Block("SHA-256 of the text shown: " + Escaped(consent.text_sha256), "DejaVu Sans Mono 7.5", 6);
    if (consent.withdrawn_at) {
      pages.Block("<b>Withdrawn on " + Escaped(*consent.withdrawn_at) + "</b>", "DejaVu Sans 11", 6);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return Unexpected(Internal("the consent could not be rendered"));
  return pdf;
}

}  // namespace scarwise::interop
