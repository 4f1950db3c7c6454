#include "domain/assessment/scar_inventory.hpp"

namespace scarwise::domain {
namespace {

constexpr std::array<std::string_view, kFacialZoneCount> kZoneNames = {
    "forehead",    "temple_left", "temple_right", "nose",     "cheek_left",
    "cheek_right", "perioral",    "chin",         "jaw_left", "jaw_right"};
constexpr std::array<std::string_view, kScarTypeCount> kScarTypeNames = {"macular",     "ice_pick", "boxcar_shallow",
                                                                         "boxcar_deep", "rolling",  "papular"};

}  // namespace

std::string_view ZoneName(FacialZone zone) {
  return kZoneNames[Index(zone)];
}

std::optional<FacialZone> ZoneFromName(std::string_view name) {
  for (size_t i = 0; i < kZoneNames.size(); ++i) {
    if (kZoneNames[i] == name) return kAllFacialZones[i];
  }
  return std::nullopt;
}

std::string_view ScarTypeName(ScarType type) {
  return kScarTypeNames[Index(type)];
}

std::optional<ScarType> ScarTypeFromName(std::string_view name) {
  for (size_t i = 0; i < kScarTypeNames.size(); ++i) {
    if (kScarTypeNames[i] == name) return kAllScarTypes[i];
  }
  return std::nullopt;
}

}  // namespace scarwise::domain
