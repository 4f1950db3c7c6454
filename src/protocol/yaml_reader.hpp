#pragma once

#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "domain/source.hpp"

namespace scarwise::protocol {

// One problem in a protocol folder, shown as "file:path: reason"
// ("screening.yaml:rules[3].when.fact: unknown fact 'fitzpatrik'").
struct Problem {
  std::string file;
  std::string path;
  std::string reason;

  std::string ToString() const { return file + ":" + path + ": " + reason; }
};

// A position in one protocol file. Readers report every problem they meet into the shared
// list and return a harmless fallback, so one pass over a folder finds all problems.
class Node {
 public:
  Node(YAML::Node node, std::string file, std::string path, std::vector<Problem>* problems)
      : node_(std::move(node)), file_(std::move(file)), path_(std::move(path)), problems_(problems) {}

  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }
  const YAML::Node& yaml() const { return node_; }
  // False for an absent key (yaml-cpp throws on the type of an absent node; this does not).
  bool IsDefined() const { return node_.IsDefined(); }
  bool IsNull() const { return !node_.IsDefined() || node_.IsNull(); }
  bool IsMap() const { return node_.IsDefined() && node_.IsMap(); }
  bool IsSequence() const { return node_.IsDefined() && node_.IsSequence(); }
  bool IsScalar() const { return node_.IsDefined() && node_.IsScalar(); }

  bool Has(std::string_view key) const;
  // The child at `key`; an undefined node (reported when read as required) if absent.
  Node Child(std::string_view key) const;

  // Required values at `key`. Reports "required" or the type/range problem.
  std::string Text(std::string_view key) const;
  double Number(std::string_view key, double min, double max) const;
  int Integer(std::string_view key, int min, int max) const;
  bool Boolean(std::string_view key) const;
  std::vector<std::string> TextList(std::string_view key) const;

  // Optional values: nullopt when the key is absent or null.
  std::optional<std::string> OptionalText(std::string_view key) const;
  std::optional<double> OptionalNumber(std::string_view key, double min, double max) const;
  std::optional<int> OptionalInteger(std::string_view key, int min, int max) const;
  std::optional<bool> OptionalBoolean(std::string_view key) const;

  // This node's own value as a scalar.
  std::string AsText() const;
  double AsNumber(double min, double max) const;
  int AsInteger(int min, int max) const;

  // Items of the sequence at `key` (required, may be empty unless `non_empty`).
  std::vector<Node> Items(std::string_view key, bool non_empty = true) const;
  // Entries of the mapping at `key`, in file order.
  std::vector<std::pair<std::string, Node>> Entries(std::string_view key) const;

  // `source` (required, non-empty text) and `unverified` (optional boolean) of this node.
  domain::Source ReadSource() const;

  // Reports every key of this mapping that is not in `allowed` (catches typos in a
  // clinic's copy, which would otherwise be silently ignored).
  void AllowOnly(std::initializer_list<std::string_view> allowed) const;

  void Report(std::string reason) const;
  void Report(std::string_view key, std::string reason) const;

 private:
  std::string ChildPath(std::string_view key) const;

  YAML::Node node_;
  std::string file_;
  std::string path_;
  std::vector<Problem>* problems_;
};

// Parses DIR/FILE. A missing or malformed file is reported and yields nullopt.
std::optional<Node> LoadFile(const std::filesystem::path& dir, const std::string& file, std::vector<Problem>* problems);

}  // namespace scarwise::protocol
