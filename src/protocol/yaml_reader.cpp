#include "protocol/yaml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "common/unicode_text.hpp"

namespace scarwise::protocol {
namespace {

// The deepest nesting a protocol file may have (the deepest real one is 6), and the most nodes
// it may expand to (aliases repeat nodes: a few lines can expand to billions).
constexpr int kMaxNesting = 64;
constexpr size_t kMaxNodes = 1'000'000;

// Whether `root` nests deeper than kMaxNesting or expands past kMaxNodes, counted without
// recursion: the problem to report, or "".
std::string ShapeProblem(const YAML::Node& root) {
  std::vector<std::pair<YAML::Node, int>> stack{{root, 1}};
  size_t visited = 0;
  while (!stack.empty()) {
    auto [node, depth] = std::move(stack.back());
    stack.pop_back();
    if (depth > kMaxNesting) return "nests deeper than " + std::to_string(kMaxNesting) + " levels";
    if (++visited > kMaxNodes) return "expands to more than " + std::to_string(kMaxNodes) + " values";
    if (node.IsMap()) {
      for (const auto& item : node) stack.emplace_back(item.second, depth + 1);
    } else if (node.IsSequence()) {
      for (const auto& item : node) stack.emplace_back(item, depth + 1);
    }
  }
  return "";
}

std::string Show(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::optional<double> ScalarNumber(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsScalar() || n.Tag() == "!") return std::nullopt;  // quoted strings are not numbers
  try {
    const double v = n.as<double>();
    if (std::isfinite(v)) return v;
  } catch (const YAML::Exception&) {
  }
  return std::nullopt;
}

}  // namespace

std::string Node::ChildPath(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool Node::Has(std::string_view key) const {
  return IsMap() && node_[std::string(key)].IsDefined();
}

Node Node::Child(std::string_view key) const {
  // Construct, never assign: assigning into a YAML::Node copies the whole document's nodes.
  if (IsMap()) {
    const YAML::Node found = node_[std::string(key)];
    if (found.IsDefined()) return Node(found, file_, ChildPath(key), problems_);
  }
  return Node(YAML::Node(YAML::NodeType::Undefined), file_, ChildPath(key), problems_);
}

void Node::Report(std::string reason) const {
  problems_->push_back(Problem{file_, path_.empty() ? "(top)" : path_, std::move(reason)});
}

void Node::Report(std::string_view key, std::string reason) const {
  Child(key).Report(std::move(reason));
}

std::string Node::AsText() const {
  if (IsNull()) {
    Report("required");
    return {};
  }
  if (!IsScalar()) {
    Report("must be text");
    return {};
  }
  std::string v = node_.Scalar();
  if (v.empty()) Report("must not be empty");
  return v;
}

double Node::AsNumber(double min, double max) const {
  if (IsNull()) {
    Report("required");
    return min;
  }
  const auto v = ScalarNumber(node_);
  if (!v) {
    Report("must be a number");
    return min;
  }
  if (*v < min || *v > max) {
    Report("must be between " + Show(min) + " and " + Show(max) + ", got " + Show(*v));
    return min;
  }
  return *v;
}

int Node::AsInteger(int min, int max) const {
  const size_t before = problems_->size();
  const double v = AsNumber(min, max);
  if (problems_->size() != before) return min;
  if (v != std::floor(v)) {
    Report("must be a whole number");
    return min;
  }
  return static_cast<int>(v);
}

std::string Node::Text(std::string_view key) const {
  return Child(key).AsText();
}
double Node::Number(std::string_view key, double min, double max) const {
  return Child(key).AsNumber(min, max);
}
int Node::Integer(std::string_view key, int min, int max) const {
  return Child(key).AsInteger(min, max);
}

bool Node::Boolean(std::string_view key) const {
  const Node c = Child(key);
  if (c.IsNull()) {
    c.Report("required");
    return false;
  }
  try {
    if (c.IsScalar()) return c.node_.as<bool>();
  } catch (const YAML::Exception&) {
  }
  c.Report("must be true or false");
  return false;
}

std::vector<std::string> Node::TextList(std::string_view key) const {
  std::vector<std::string> out;
  for (const Node& item : Items(key)) out.push_back(item.AsText());
  return out;
}

std::optional<std::string> Node::OptionalText(std::string_view key) const {
  const Node c = Child(key);
  if (c.IsNull()) return std::nullopt;
  return c.AsText();
}

std::optional<double> Node::OptionalNumber(std::string_view key, double min, double max) const {
  const Node c = Child(key);
  if (c.IsNull()) return std::nullopt;
  return c.AsNumber(min, max);
}

std::optional<int> Node::OptionalInteger(std::string_view key, int min, int max) const {
  const Node c = Child(key);
  if (c.IsNull()) return std::nullopt;
  return c.AsInteger(min, max);
}

std::optional<bool> Node::OptionalBoolean(std::string_view key) const {
  if (Child(key).IsNull()) return std::nullopt;
  return Boolean(key);
}

std::vector<Node> Node::Items(std::string_view key, bool non_empty) const {
  const Node c = Child(key);
  std::vector<Node> out;
  if (c.IsNull()) {
    if (non_empty) c.Report("required");
    return out;
  }
  if (!c.IsSequence()) {
    c.Report("must be a list");
    return out;
  }
  if (non_empty && c.node_.size() == 0) c.Report("must not be empty");
  out.reserve(c.node_.size());
  for (size_t i = 0; i < c.node_.size(); ++i) {
    out.emplace_back(c.node_[i], file_, c.path_ + "[" + std::to_string(i) + "]", problems_);
  }
  return out;
}

std::vector<std::pair<std::string, Node>> Node::Entries(std::string_view key) const {
  const Node c = Child(key);
  std::vector<std::pair<std::string, Node>> out;
  if (!c.IsMap()) {
    c.Report(c.IsNull() ? "required" : "must be a mapping");
    return out;
  }
  for (const auto& kv : c.node_) {
    const std::string name = kv.first.Scalar();
    out.emplace_back(name, Node(kv.second, file_, c.ChildPath(name), problems_));
  }
  return out;
}

domain::Source Node::ReadSource() const {
  domain::Source source;
  source.citation = Text("source");
  source.unverified = OptionalBoolean("unverified").value_or(false);
  return source;
}

void Node::AllowOnly(std::initializer_list<std::string_view> allowed) const {
  if (!IsMap()) {
    Report(IsNull() ? "required" : "must be a mapping");
    return;
  }
  for (const auto& kv : node_) {
    const std::string name = kv.first.Scalar();
    bool known = false;
    for (std::string_view a : allowed) known = known || a == name;
    if (!known) problems_->push_back(Problem{file_, ChildPath(Printable(name)), "unknown key"});
  }
}

std::optional<Node> LoadFile(const std::filesystem::path& dir, const std::string& file,
                             std::vector<Problem>* problems) {
  const auto path = dir / file;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    problems->push_back(Problem{file, "(file)", "missing"});
    return std::nullopt;
  }
  try {
    YAML::Node root = YAML::LoadFile(path.string());
    if (const std::string shape = ShapeProblem(root); !shape.empty()) {
      problems->push_back(Problem{file, "(top)", shape});
      return std::nullopt;
    }
    if (!root.IsMap()) {
      problems->push_back(Problem{file, "(top)", "must be a mapping"});
      return std::nullopt;
    }
    return Node(root, file, "", problems);
  } catch (const YAML::Exception& e) {
    problems->push_back(
        Problem{file, "line " + std::to_string(e.mark.line + 1), "not valid YAML: " + Printable(e.msg, 200)});
    return std::nullopt;
  }
}

}  // namespace scarwise::protocol
