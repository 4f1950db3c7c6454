#include <algorithm>
#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

domain::FaqProtocol LoadFaq(const Node& root) {
  domain::FaqProtocol faq;
  root.AllowOnly({"questions"});
  std::set<std::string> codes;
  const auto& known = domain::FaqPlaceholders();
  for (const Node& item : root.Items("questions")) {
    item.AllowOnly({"code", "question", "answer", "source", "unverified"});
    domain::FaqEntry entry{item.Text("code"), item.Text("question"), item.Text("answer"), item.ReadSource()};
    if (!entry.code.empty() && !codes.insert(entry.code).second) item.Report("code", "duplicate question code");
    for (size_t open = entry.answer.find('{'); open != std::string::npos; open = entry.answer.find('{', open + 1)) {
      const size_t close = entry.answer.find('}', open);
      const std::string name = entry.answer.substr(open + 1, close == std::string::npos ? close : close - open - 1);
      if (close == std::string::npos || std::find(known.begin(), known.end(), name) == known.end()) {
        item.Report("answer", "unknown placeholder {" + name + "}");
      }
    }
    faq.entries.push_back(std::move(entry));
  }
  return faq;
}

}  // namespace scarwise::protocol
