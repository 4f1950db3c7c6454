#pragma once

#include <filesystem>
#include <vector>

#include "domain/protocol.hpp"
#include "protocol/yaml_reader.hpp"

namespace scarwise::protocol {

// The files of a protocol folder.
inline constexpr const char* kProtocolFiles[] = {"protocol.yaml",  "scoring.yaml",  "screening.yaml",  "planning.yaml",
                                                 "aftercare.yaml", "recovery.yaml", "ingredients.yaml"};

struct ProtocolLoad {
  domain::Protocol protocol;      // usable only when problems is empty
  std::vector<Problem> problems;  // every problem found, in file order

  bool ok() const { return problems.empty(); }
};

// Loads and validates every file of the folder `dir`.
ProtocolLoad LoadProtocol(const std::filesystem::path& dir);

}  // namespace scarwise::protocol
