// The aftercare handout is a real PDF: every instruction is extractable text with its date
// and time (pdftotext), it renders (pdftoppm), its fonts are embedded (pdffonts), names in
// any Latin, Greek or Cyrillic script survive, and a long handout flows onto more pages.
#include "interop/pdf/consent_pdf.hpp"
#include "interop/pdf/handout.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "support/test_protocol.hpp"

namespace scarwise::interop {
namespace {

namespace fs = std::filesystem;

std::string Output(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) out.append(buffer.data(), n);
  pclose(pipe);
  return out;
}

// Collapses runs of whitespace (pdftotext breaks wrapped lines).
std::string Flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  return out;
}

class HandoutPdf : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("scarwise-handout-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path Write(const Handout& handout) {
    auto pdf = RenderHandoutPdf(handout);
    EXPECT_TRUE(pdf) << pdf.error().ToString();
    const fs::path file = dir_ / "handout.pdf";
    std::ofstream(file, std::ios::binary) << (pdf ? *pdf : "");
    return file;
  }

  fs::path dir_;
};

const Timestamp kEnd{
    std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + std::chrono::hours(9) + std::chrono::minutes(45),
    std::chrono::minutes(60)};  // 10:45 in Amsterdam (UTC+1)

Handout DefaultHandout(const std::string& name) {
  const auto& p = testing::FullDefaultProtocol();
  return AftercareHandout(p.aftercare, p.recovery, kEnd, 2, name, "Kliniek Zuid", "020 555 0101 · zuid@clinic.test");
}

TEST_F(HandoutPdf, EveryInstructionIsRealTextWithItsDateAndTime) {
  const fs::path file = Write(DefaultHandout("Zoë Ødegård-Nguyễn"));
  const std::string text = Flat(Output("pdftotext -enc UTF-8 '" + file.string() + "' -"));
  const struct {
    const char* what;
    const char* expected;
  } rows[] = {
      {"the patient's name", "Aftercare for Zoë Ødegård-Nguyễn"},
      {"the session", "Session 2, ended Tue 1 Dec 2026, 10:45"},
      {"sunscreen straight away, for a week", "Until Tue 8 Dec 2026, 10:45 Daily sunscreen"},
      {"makeup after 24 hours", "From Wed 2 Dec 2026, 10:45 Makeup"},
      {"exercise after 48 hours", "From Thu 3 Dec 2026, 10:45 Exercise"},
      {"prescription retinoids after 10 days", "From Fri 11 Dec 2026, 10:45 Prescription-strength retinoids"},
      {"what is normal", "settle within about three days"},
      {"a warning sign", "Pus, yellow crusts or oozing from the treated skin"},
      {"the clinic's contact", "020 555 0101 · zuid@clinic.test"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.what);
    EXPECT_NE(text.find(row.expected), std::string::npos) << text.substr(0, 3000);
  }
  const auto& aftercare = testing::FullDefaultProtocol().aftercare;
  for (const auto& item : aftercare.items) {
    SCOPED_TRACE(item.code);
    EXPECT_NE(text.find(Flat(item.title)), std::string::npos) << "every aftercare item is on the handout";
  }
}

TEST_F(HandoutPdf, RendersWithEmbeddedFontsAndNamesInOtherScripts) {
  const fs::path file = Write(DefaultHandout("Ελένη Παπαδοπούλου / Анна Иванова"));
  EXPECT_NE(Flat(Output("pdftotext -enc UTF-8 '" + file.string() + "' -")).find("Ελένη Παπαδοπούλου / Анна Иванова"),
            std::string::npos);
  const std::string fonts = Output("pdffonts '" + file.string() + "'");
  EXPECT_NE(fonts.find("DejaVuSans"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "every font embedded:\n" << fonts;

  // Page 1 as a greyscale image: a PGM header, then one byte per pixel; some must be ink.
  Output("pdftoppm -r 30 -gray -f 1 -l 1 -singlefile '" + file.string() + "' '" + (dir_ / "page").string() + "'");
  std::ifstream pgm(dir_ / "page.pgm", std::ios::binary);
  ASSERT_TRUE(pgm) << "pdftoppm rasterised page 1";
  std::string magic;
  int width = 0, height = 0, max = 0;
  pgm >> magic >> width >> height >> max;
  pgm.get();
  ASSERT_EQ(magic, "P5");
  std::string pixels(static_cast<size_t>(width * height), '\0');
  pgm.read(pixels.data(), static_cast<std::streamsize>(pixels.size()));
  const auto ink =
      std::count_if(pixels.begin(), pixels.end(), [](char c) { return static_cast<unsigned char>(c) < 128; });
  EXPECT_GT(ink, width * height / 200) << "text is drawn on the page";
  EXPECT_NEAR(static_cast<double>(height) / width, 841.89 / 595.276, 0.02);
}

TEST_F(HandoutPdf, ALongHandoutContinuesOnTheNextPage) {
  Handout handout = DefaultHandout("Ada Lovelace");
  for (int i = 0; i < 60; ++i) handout.next_appointments.push_back("Session " + std::to_string(i + 3) + " booked");
  const fs::path file = Write(handout);
  const std::string info = Output("pdfinfo '" + file.string() + "'");
  EXPECT_EQ(info.find("Pages:          1\n"), std::string::npos) << info;
  EXPECT_NE(Flat(Output("pdftotext '" + file.string() + "' -")).find("Session 62 booked"), std::string::npos);
}

// A signed consent (issue 22): the text shown, the signer, the time and the SHA-256 are real
// text, the drawing renders, and a withdrawal says so.
TEST_F(HandoutPdf, ASignedConsentShowsItsTextSignerTimeAndHash) {
  const auto& protocol = testing::FullDefaultProtocol();
  const domain::ConsentText* text = protocol.consent.Find(domain::ConsentPurpose::kTreatment);
  ASSERT_NE(text, nullptr);
  ConsentDocument consent;
  consent.clinic_name = "Kliniek Zuid";
  consent.patient_name = "Zoë Ødegård-Nguyễn";
  consent.shown_text = domain::ShownText(*text);
  consent.text_version = text->version;
  consent.text_sha256 = std::string(64, 'a');
  consent.signer_line = "Signed by Zoë Ødegård-Nguyễn (the patient)";
  consent.signed_at = "2026-12-01 10:45 UTC";
  consent.signature_svg_path = "M 10 40 L 30 12 L 44 40 L 60 18";
  auto pdf = RenderConsentPdf(consent);
  ASSERT_TRUE(pdf) << pdf.error().ToString();
  const fs::path file = dir_ / "consent.pdf";
  std::ofstream(file, std::ios::binary) << *pdf;
  const std::string shown = Flat(Output("pdftotext -enc UTF-8 '" + file.string() + "' -"));
  EXPECT_NE(shown.find(Flat(text->title)), std::string::npos) << shown;
  for (const domain::ConsentSection& section : text->sections) {
    EXPECT_NE(shown.find(Flat(section.heading)), std::string::npos) << section.heading;
  }
  EXPECT_NE(shown.find("Signed by Zoë Ødegård-Nguyễn (the patient)"), std::string::npos) << shown;
  EXPECT_NE(shown.find("2026-12-01 10:45 UTC"), std::string::npos);
  EXPECT_NE(shown.find(std::string(64, 'a')), std::string::npos) << "the hash of the text shown";
  EXPECT_EQ(shown.find("Withdrawn"), std::string::npos);
  consent.withdrawn_at = "2026-12-02 09:00 UTC";
  pdf = RenderConsentPdf(consent);
  ASSERT_TRUE(pdf);
  std::ofstream(file, std::ios::binary | std::ios::trunc) << *pdf;
  EXPECT_NE(Flat(Output("pdftotext -enc UTF-8 '" + file.string() + "' -")).find("Withdrawn on 2026-12-02 09:00 UTC"),
            std::string::npos);
}

}  // namespace
}  // namespace scarwise::interop
