#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace scarwise::cli {

// Human-readable renderings of the JSON reports (interop/json/report_codec.hpp), so the
// text and --json outputs always say the same thing.
std::string ReviewText(const nlohmann::json& review);
std::string AftercareText(const nlohmann::json& aftercare);
std::string ProductCheckText(const nlohmann::json& check);

}  // namespace scarwise::cli
