#include "protocol/protocol_loader.hpp"

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

ProtocolLoad LoadProtocol(const std::filesystem::path& dir) {
  ProtocolLoad load;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    load.problems.push_back(Problem{dir.string(), "(folder)", "not a readable folder"});
    return load;
  }
  std::vector<Problem>* problems = &load.problems;
  domain::Protocol& p = load.protocol;
  if (const auto root = LoadFile(dir, "protocol.yaml", problems)) {
    root->AllowOnly({"name", "version", "description"});
    p.id.name = root->Text("name");
    p.id.version = root->Text("version");
    root->Text("description");
  }
  if (const auto root = LoadFile(dir, "scoring.yaml", problems)) p.scoring = LoadScoring(*root);
  if (const auto root = LoadFile(dir, "screening.yaml", problems)) p.screening = LoadScreening(*root);
  if (const auto root = LoadFile(dir, "planning.yaml", problems)) {
    p.planning = LoadPlanning(*root, domain::FactVocabulary(p.screening.questions));
  }
  // The outcome model is optional: without it plans show the planning's fixed bands.
  if (std::error_code exists; std::filesystem::is_regular_file(dir / "outcome.yaml", exists)) {
    if (const auto root = LoadFile(dir, "outcome.yaml", problems)) p.planning.outcome = LoadOutcome(*root);
  }
  const auto aftercare = LoadFile(dir, "aftercare.yaml", problems);
  if (aftercare) p.aftercare = LoadAftercare(*aftercare);
  if (const auto root = LoadFile(dir, "recovery.yaml", problems); root && aftercare) {
    p.recovery = LoadRecovery(*root, p.aftercare);
  }
  if (const auto root = LoadFile(dir, "faq.yaml", problems)) p.faq = LoadFaq(*root);
  p.consent = LoadConsent(dir, problems);
  if (const auto root = LoadFile(dir, "photos.yaml", problems)) p.photos = LoadPhotos(*root);
  if (const auto root = LoadFile(dir, "ingredients.yaml", problems); root && aftercare) {
    p.ingredients = LoadIngredients(*root, p.aftercare);
  }
  return load;
}

}  // namespace scarwise::protocol
