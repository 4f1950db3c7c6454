#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "common/civil_time.hpp"

namespace scarwise::domain {

// Facial zones of the scar inventory (anatomy, not protocol: depths per zone are data).
enum class FacialZone {
  kForehead,
  kTempleLeft,
  kTempleRight,
  kNose,
  kCheekLeft,
  kCheekRight,
  kPerioral,
  kChin,
  kJawLeft,
  kJawRight,
};
inline constexpr size_t kFacialZoneCount = 10;
inline constexpr std::array<FacialZone, kFacialZoneCount> kAllFacialZones = {
    FacialZone::kForehead,  FacialZone::kTempleLeft, FacialZone::kTempleRight, FacialZone::kNose,
    FacialZone::kCheekLeft, FacialZone::kCheekRight, FacialZone::kPerioral,    FacialZone::kChin,
    FacialZone::kJawLeft,   FacialZone::kJawRight};

// Scar morphologies counted per zone. Keloidal scars are recorded by area instead.
enum class ScarType { kMacular, kIcePick, kBoxcarShallow, kBoxcarDeep, kRolling, kPapular };
inline constexpr size_t kScarTypeCount = 6;
inline constexpr std::array<ScarType, kScarTypeCount> kAllScarTypes = {ScarType::kMacular,       ScarType::kIcePick,
                                                                       ScarType::kBoxcarShallow, ScarType::kBoxcarDeep,
                                                                       ScarType::kRolling,       ScarType::kPapular};

// Wire names: "cheek_left", "boxcar_deep".
std::string_view ZoneName(FacialZone zone);
std::optional<FacialZone> ZoneFromName(std::string_view name);
std::string_view ScarTypeName(ScarType type);
std::optional<ScarType> ScarTypeFromName(std::string_view name);

constexpr size_t Index(FacialZone zone) {
  return static_cast<size_t>(zone);
}
constexpr size_t Index(ScarType type) {
  return static_cast<size_t>(type);
}

// Lesion counts of one zone, as counted by the clinician.
struct ZoneInventory {
  FacialZone zone = FacialZone::kForehead;
  std::array<int, kScarTypeCount> counts{};  // lesions per ScarType, each >= 0
  double keloid_area_cm2 = 0;                // total keloidal/hypertrophic area, >= 0

  int Count(ScarType type) const { return counts[Index(type)]; }
};

// One scar assessment: the clinician's Goodman & Baron qualitative grade (1-4) and the
// per-zone inventory from which the quantitative score is computed. Each zone at most once.
struct ScarAssessment {
  Date date{};
  int qualitative_grade = 1;
  std::vector<ZoneInventory> zones;
};

}  // namespace scarwise::domain
