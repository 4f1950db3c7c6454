#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/civil_time.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// One aftercare rule from the protocol's aftercare.yaml: `code` (e.g. "retinoid_rx") is
// allowed from `allowed_after` past the end of the session; `keep_up_for`, when set, is how
// long a recommended habit should continue (daily sunscreen for 7 days).
// A longer (or shorter) keep-up for skin types from `from_fitzpatrick` up (daily sunscreen
// for longer in Fitzpatrick IV-VI, which darken more easily).
struct KeepUpBySkinType {
  int from_fitzpatrick = 1;
  std::chrono::minutes keep_up_for{0};
  Source source;
};

struct AftercareItem {
  std::string code;
  std::string title;
  std::string advice;
  std::chrono::minutes allowed_after{0};
  std::optional<std::chrono::minutes> keep_up_for;
  std::vector<KeepUpBySkinType> keep_up_by_skin_type;  // ascending from_fitzpatrick
  Source source;
};

// How long the item is kept up for a patient of Fitzpatrick type `fitzpatrick` (1-6; 0 when
// unknown: the longest of all); nullopt when the item is not a habit to keep up.
std::optional<std::chrono::minutes> KeepUpFor(const AftercareItem& item, int fitzpatrick);

struct AftercareProtocol {
  std::vector<AftercareItem> items;

  // nullptr when the protocol has no item with that code.
  const AftercareItem* Find(std::string_view code) const;
};

// Where one item stands at a moment: allowed or still waiting, and from when.
struct AftercareStatus {
  const AftercareItem* item = nullptr;
  Timestamp allowed_from;
  bool allowed = false;
  std::optional<Timestamp> keep_up_until;
};

// The timeline of every item, computed from the real end of the session. Offsets are exact
// durations; times are given in the session end's UTC offset.
std::vector<AftercareStatus> AftercareTimeline(const AftercareProtocol& protocol, const Timestamp& session_end,
                                               const Timestamp& at);

// The first whole day after the session on which something allowed `allowed_after` the end
// is fine for the whole day: day 0 is the first 24 hours, so 24 h -> day 1, 72 h -> day 3.
int OkFromDay(std::chrono::minutes allowed_after);

}  // namespace scarwise::domain
