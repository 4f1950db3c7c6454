// consent/consent.yaml and the texts it names (see protocol/default/consent/consent.yaml).
#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

constexpr size_t kMaxTextBytes = 16 * 1024;

domain::ConsentText LoadConsentText(const Node& root, domain::ConsentPurpose purpose) {
  domain::ConsentText text;
  text.purpose = purpose;
  root.AllowOnly({"purpose", "version", "title", "sections"});
  const std::string named = root.Text("purpose");
  if (!named.empty() && named != domain::ConsentPurposeName(purpose)) {
    root.Report("purpose",
                "says '" + named + "' in the file of '" + std::string(domain::ConsentPurposeName(purpose)) + "'");
  }
  text.version = root.Text("version");
  text.title = root.Text("title");
  for (const Node& item : root.Items("sections")) {
    item.AllowOnly({"heading", "text", "source", "unverified"});
    text.sections.push_back(domain::ConsentSection{item.Text("heading"), item.Text("text"), item.ReadSource()});
  }
  if (domain::ShownText(text).size() > kMaxTextBytes) {
    root.Report("sections", "the text is longer than " + std::to_string(kMaxTextBytes) + " bytes");
  }
  return text;
}

}  // namespace

domain::ConsentProtocol LoadConsent(const std::filesystem::path& dir, std::vector<Problem>* problems) {
  domain::ConsentProtocol consent;
  const auto root = LoadFile(dir, "consent/consent.yaml", problems);
  if (!root) return consent;
  root->AllowOnly({"age_of_majority", "age_of_majority_source", "texts"});
  consent.age_of_majority = root->Integer("age_of_majority", 14, 21);
  consent.age_of_majority_source = domain::Source{root->Text("age_of_majority_source"), false};
  std::set<std::string> seen;
  for (const std::string& name : root->TextList("texts")) {
    const auto purpose = domain::ConsentPurposeFromName(name);
    if (!purpose) {
      root->Report("texts", "unknown consent purpose '" + name +
                                "' (known: treatment, photos_record, photos_teaching, photos_marketing)");
      continue;
    }
    if (!seen.insert(name).second) {
      root->Report("texts", "'" + name + "' is named twice");
      continue;
    }
    if (const auto file = LoadFile(dir, "consent/" + name + ".yaml", problems)) {
      consent.texts.push_back(LoadConsentText(*file, *purpose));
    }
  }
  for (domain::ConsentPurpose purpose : domain::kConsentPurposes) {
    if (!seen.contains(std::string(domain::ConsentPurposeName(purpose)))) {
      root->Report("texts",
                   "the consent text for '" + std::string(domain::ConsentPurposeName(purpose)) + "' is missing");
    }
  }
  return consent;
}

domain::PhotoProtocol LoadPhotos(const Node& root) {
  domain::PhotoProtocol photos;
  root.AllowOnly({"views", "lighting", "lighting_source"});
  std::set<std::string> codes;
  for (const Node& item : root.Items("views")) {
    item.AllowOnly({"code", "label", "instruction", "source", "unverified"});
    domain::PhotoView view{item.Text("code"), item.Text("label"), item.Text("instruction"), item.ReadSource()};
    if (!view.code.empty() && !codes.insert(view.code).second) item.Report("code", "duplicate view code");
    for (char c : view.code) {
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
        item.Report("code", "use lowercase letters, digits and '_' only");
        break;
      }
    }
    photos.views.push_back(std::move(view));
  }
  photos.lighting = root.Text("lighting");
  photos.lighting_source = domain::Source{root.Text("lighting_source"), false};
  return photos;
}

}  // namespace scarwise::protocol
