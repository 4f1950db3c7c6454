#include "domain/rules/facts.hpp"

#include <array>

namespace scarwise::domain {
namespace {

struct ComputedFact {
  std::string_view name;
  FactUnit unit;
};

constexpr std::array<ComputedFact, 14> kComputed = {{
    {"age_years", FactUnit::kPlain},
    {"fitzpatrick", FactUnit::kPlain},
    {"qualitative_grade", FactUnit::kPlain},
    {"goodman_baron_quantitative", FactUnit::kPlain},
    {"all_scars", FactUnit::kPlain},
    {"atrophic_scars", FactUnit::kPlain},
    {"deep_scars", FactUnit::kPlain},
    {"raised_scars", FactUnit::kPlain},
    {"keloid_area_cm2", FactUnit::kPlain},
    {"ice_pick_share", FactUnit::kShare},
    {"rolling_share", FactUnit::kShare},
    {"boxcar_share", FactUnit::kShare},
    {"deep_atrophic_share", FactUnit::kShare},
    {"raised_share", FactUnit::kShare},
}};

double Share(int part, int whole) {
  return whole > 0 ? static_cast<double>(part) / whole : 0.0;
}

std::string_view CourseStatusName(CourseAnswer::Status status) {
  switch (status) {
    case CourseAnswer::Status::kNever:
      return "never";
    case CourseAnswer::Status::kCurrent:
      return "current";
    case CourseAnswer::Status::kStopped:
      return "stopped";
  }
  return "never";
}

}  // namespace

FactVocabulary::FactVocabulary() {
  for (const ComputedFact& f : kComputed) facts_.push_back({std::string(f.name), FactKind::kNumber, f.unit});
}

FactVocabulary::FactVocabulary(const std::vector<ScreeningQuestion>& questions) : FactVocabulary() {
  for (const ScreeningQuestion& q : questions) {
    switch (q.type) {
      case QuestionType::kYesNo:
        facts_.push_back({q.key, FactKind::kBoolean, FactUnit::kPlain});
        break;
      case QuestionType::kChoice:
        facts_.push_back({q.key, FactKind::kText, FactUnit::kPlain});
        break;
      case QuestionType::kMonthsAgo:
        facts_.push_back({q.key, FactKind::kNumber, FactUnit::kMonthsAgo});
        break;
      case QuestionType::kWeeksAgo:
        facts_.push_back({q.key, FactKind::kNumber, FactUnit::kWeeksAgo});
        break;
      case QuestionType::kCourse:
        facts_.push_back({q.key, FactKind::kText, FactUnit::kPlain});
        facts_.push_back({q.key + "_stopped_months_ago", FactKind::kNumber, FactUnit::kMonthsAgo});
        break;
    }
  }
}

const FactInfo* FactVocabulary::Find(std::string_view name) const {
  for (const FactInfo& f : facts_) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

const FactValue& FactSet::operator[](std::string_view name) const {
  static const FactValue kNone{};
  const auto it = values_.find(name);
  return it == values_.end() ? kNone : it->second;
}

FactSet ComputeFacts(const Consultation& consultation, const ScoringProtocol& scoring, int quantitative_score) {
  const InventoryTotals totals = TotalInventory(scoring, consultation.assessment);
  FactSet facts;
  for (const auto& [key, answer] : consultation.history.answers) {
    if (const bool* b = std::get_if<bool>(&answer)) {
      facts.Set(key, *b);
    } else if (const std::string* s = std::get_if<std::string>(&answer)) {
      facts.Set(key, *s);
    } else if (const auto* n = std::get_if<std::optional<double>>(&answer)) {
      facts.Set(key, *n ? FactValue{**n} : FactValue{});
    } else if (const CourseAnswer* c = std::get_if<CourseAnswer>(&answer)) {
      facts.Set(key, std::string(CourseStatusName(c->status)));
      if (c->status == CourseAnswer::Status::kStopped) facts.Set(key + "_stopped_months_ago", c->stopped_months_ago);
    }
  }
  facts.Set("age_years",
            static_cast<double>(WholeYearsBetween(consultation.patient.birth_date, consultation.assessment.date)));
  facts.Set("fitzpatrick", static_cast<double>(consultation.patient.fitzpatrick));
  facts.Set("qualitative_grade", static_cast<double>(consultation.assessment.qualitative_grade));
  facts.Set("goodman_baron_quantitative", static_cast<double>(quantitative_score));
  facts.Set("all_scars", static_cast<double>(totals.all));
  facts.Set("atrophic_scars", static_cast<double>(totals.atrophic));
  facts.Set("deep_scars", static_cast<double>(totals.deep));
  facts.Set("raised_scars", static_cast<double>(totals.raised));
  facts.Set("keloid_area_cm2", totals.keloid_area_cm2);
  const auto& by = totals.by_type;
  facts.Set("ice_pick_share", Share(by[Index(ScarType::kIcePick)], totals.atrophic));
  facts.Set("rolling_share", Share(by[Index(ScarType::kRolling)], totals.atrophic));
  facts.Set("boxcar_share",
            Share(by[Index(ScarType::kBoxcarShallow)] + by[Index(ScarType::kBoxcarDeep)], totals.atrophic));
  // Deep atrophic scars: deep types that are also atrophic.
  int deep_atrophic = 0;
  for (ScarType type : kAllScarTypes) {
    const ScarTypeScoring& s = scoring.scar_types[Index(type)];
    if (s.deep && s.kind == ScarKind::kAtrophic) deep_atrophic += by[Index(type)];
  }
  facts.Set("deep_atrophic_share", Share(deep_atrophic, totals.atrophic));
  facts.Set("raised_share", Share(totals.raised, totals.all));
  return facts;
}

}  // namespace scarwise::domain
