#include "interop/pdf/pdf_pages.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

namespace scarwise::interop {
namespace {

constexpr double kPageWidth = 595.276;  // A4 in points
constexpr double kPageHeight = 841.890;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::string EscapedMarkup(std::string_view text) {
  gchar* escaped = g_markup_escape_text(text.data(), static_cast<gssize>(text.size()));
  std::string out(escaped);
  g_free(escaped);
  return out;
}

PdfPages::PdfPages(const std::string& title, double margin)
    : margin_(margin),
      surface_(cairo_pdf_surface_create_for_stream(Append, &pdf_, kPageWidth, kPageHeight)),
      cr_(nullptr),
      layout_(nullptr),
      y_(margin) {
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface_, CAIRO_PDF_METADATA_CREATOR, "Scarwise");
  cr_ = cairo_create(surface_);
  layout_ = pango_cairo_create_layout(cr_);
  pango_layout_set_wrap(layout_, PANGO_WRAP_WORD_CHAR);
}

PdfPages::~PdfPages() {
  if (layout_ != nullptr) g_object_unref(layout_);
  if (cr_ != nullptr) cairo_destroy(cr_);
  if (surface_ != nullptr) cairo_surface_destroy(surface_);
}

double PdfPages::Reserve(double height) {
  if (y_ + height > kPageHeight - margin_ && y_ > margin_) {
    cairo_show_page(cr_);
    y_ = margin_;
  }
  const double top = y_;
  y_ += height;
  return top;
}

void PdfPages::Block(const std::string& markup, const char* font, double space_after, double indent) {
  PangoFontDescription* description = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout_, description);
  pango_font_description_free(description);
  pango_layout_set_width(layout_, static_cast<int>((kPageWidth - 2 * margin_ - indent) * PANGO_SCALE));
  pango_layout_set_markup(layout_, markup.c_str(), -1);
  int width = 0, height = 0;
  pango_layout_get_pixel_size(layout_, &width, &height);
  const double top = Reserve(height);
  cairo_move_to(cr_, margin_ + indent, top);
  pango_cairo_show_layout(cr_, layout_);
  y_ += space_after;
}

Result<std::string> PdfPages::Finish(std::string_view what) {
  g_object_unref(layout_);
  layout_ = nullptr;
  cairo_destroy(cr_);
  cr_ = nullptr;
  cairo_surface_finish(surface_);
  const cairo_status_t status = cairo_surface_status(surface_);
  cairo_surface_destroy(surface_);
  surface_ = nullptr;
  if (status != CAIRO_STATUS_SUCCESS)
    return Unexpected(Internal("the " + std::string(what) + " could not be rendered"));
  return std::move(pdf_);
}

}  // namespace scarwise::interop
