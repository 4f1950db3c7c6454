#include "interop/pdf/course_summary.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

namespace scarwise::interop {
namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.890;
constexpr double kMargin = 50.0;

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

// Blocks of pango markup top to bottom on one page (a summary that would overflow is
// shrunk by the caller's choice of font sizes; a further page is started if it must).
class Page {
 public:
  explicit Page(cairo_t* cr) : cr_(cr), layout_(pango_cairo_create_layout(cr)) {
    pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
  }
  ~Page() { g_object_unref(layout_); }
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

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

Result<std::string> RenderCourseSummaryPdf(const CourseSummary& s) {
  std::string pdf;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &pdf, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, s.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Scarwise");
  cairo_t* cr = cairo_create(surface);
  {
    Page page(cr);
    page.Block("<b>" + Escaped(s.title) + ": " + Escaped(s.patient_name) + "</b>", "DejaVu Sans 15", 4);
    page.Block(Escaped(s.plan), "DejaVu Sans 10", 2);
    page.Block(Escaped(s.baseline), "DejaVu Sans 10", 10);
    for (const CourseSummaryRow& row : s.rows) {
      std::string text = "<b>" + Escaped(row.when) + "</b>: " + Escaped(row.measured);
      if (!row.expected.empty()) text += "; " + Escaped(row.expected);
      if (!row.patient.empty()) text += "\n" + Escaped(row.patient);
      page.Block(text, "DejaVu Sans 9", 4, 8);
    }
    page.Block("", "DejaVu Sans 4", 4);
    page.Block(Escaped(s.result), "DejaVu Sans 10", 10);
    page.Block("<b>" + Escaped(s.adverse_events_title) + "</b>", "DejaVu Sans 11", 4);
    if (s.adverse_events.empty()) page.Block(Escaped(s.no_adverse_events), "DejaVu Sans 9", 10, 8);
    for (const std::string& event : s.adverse_events) page.Block("• " + Escaped(event), "DejaVu Sans 9", 3, 8);
    page.Block(Escaped(s.explanation), "DejaVu Sans 8", 0);
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return Unexpected(Internal("the course summary could not be rendered"));
  return pdf;
}

}  // namespace scarwise::interop
