#include "domain/ingredients/ingredient_dictionary.hpp"

#include <algorithm>
#include <numeric>

#include "domain/ingredients/inci_text.hpp"

namespace scarwise::domain {
namespace {

std::array<uint8_t, 36> Histogram(std::string_view compact) {
  std::array<uint8_t, 36> h{};
  for (char c : compact) {
    size_t slot = 36;
    if (c >= 'a' && c <= 'z') slot = static_cast<size_t>(c - 'a');
    if (c >= '0' && c <= '9') slot = 26 + static_cast<size_t>(c - '0');
    if (slot < 36 && h[slot] < 255) ++h[slot];
  }
  return h;
}

DictionaryIndex::Map WordSet(const std::vector<std::string>& words) {
  DictionaryIndex::Map set;
  for (const std::string& w : words) {
    const std::string key = inci::Key(w);
    if (!key.empty()) set.emplace(key, 0);
  }
  return set;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = inci::AsciiLower(c);
  return out;
}

}  // namespace

std::vector<IngredientDictionary::Conflict> IngredientDictionary::BuildIndex() {
  DictionaryIndex idx;
  std::vector<Conflict> conflicts;
  std::string key;
  std::string compact;

  const auto add = [&](std::string_view text, uint32_t n) {
    const std::string outer = inci::WithoutParentheticals(text);
    for (std::string_view variant : {text, std::string_view(outer)}) {
      inci::MakeKey(variant, &key);
      if (key.empty()) continue;
      const auto [it, inserted] = idx.exact.emplace(key, n);
      if (!inserted) {
        if (it->second != n) conflicts.push_back(Conflict{it->second, n, key});
        continue;
      }
      idx.max_words = std::max(idx.max_words, static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1);
      inci::MakeCompact(key, &compact);
      const auto [cit, cinserted] = idx.compact.emplace(compact, n);
      if (!cinserted) {
        if (cit->second != DictionaryIndex::kAmbiguous && names[cit->second].group != names[n].group) {
          cit->second = DictionaryIndex::kAmbiguous;
        }
        continue;
      }
      idx.fuzzy.push_back(DictionaryIndex::FuzzyEntry{compact, n, Histogram(compact)});
    }
  };
  for (size_t n = 0; n < names.size(); ++n) {
    add(names[n].name, static_cast<uint32_t>(n));
    for (const std::string& other : names[n].also) add(other, static_cast<uint32_t>(n));
  }

  std::stable_sort(idx.fuzzy.begin(), idx.fuzzy.end(),
                   [](const auto& a, const auto& b) { return a.compact.size() < b.compact.size(); });
  const size_t longest = idx.fuzzy.empty() ? 0 : idx.fuzzy.back().compact.size();
  idx.fuzzy_first_of_length.assign(longest + 2, idx.fuzzy.size());
  for (size_t i = idx.fuzzy.size(); i-- > 0;) idx.fuzzy_first_of_length[idx.fuzzy[i].compact.size()] = i;
  for (size_t len = longest + 1; len-- > 0;) {
    idx.fuzzy_first_of_length[len] = std::min(idx.fuzzy_first_of_length[len], idx.fuzzy_first_of_length[len + 1]);
  }

  std::vector<size_t> order(parsing.headers.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [this](size_t a, size_t b) {
    return parsing.headers[a].phrase.size() > parsing.headers[b].phrase.size();
  });
  for (size_t h : order) {
    const std::string phrase = Lower(inci::Trim(parsing.headers[h].phrase));
    if (phrase.empty()) continue;
    idx.headers_by_first_char[static_cast<unsigned char>(phrase[0])].push_back(
        static_cast<uint32_t>(idx.header_phrases.size()));
    idx.header_phrases.push_back(phrase);
    idx.header_index.push_back(h);
  }

  idx.filler_words = WordSet(parsing.filler_words);
  idx.prose_words = WordSet(parsing.prose_words);
  idx.ignore_parentheticals = WordSet(parsing.ignore_parentheticals);
  idx.ignore_tokens = WordSet(parsing.ignore_tokens);
  idx.strip_words = WordSet(parsing.strip_words);
  idx.abbreviations = WordSet(parsing.abbreviations);
  idx.product_words = WordSet(parsing.product_words);
  if (essential_oils) {
    for (size_t g = 0; g < essential_oils->genera.size(); ++g) {
      const OilGenus& genus = essential_oils->genera[g];
      idx.oil_genera.emplace(inci::Key(genus.genus), static_cast<uint32_t>(g));
      std::vector<std::string> endings;
      for (const std::string& e : genus.only_endings) endings.push_back(inci::Key(e));
      idx.oil_only_endings.push_back(std::move(endings));
    }
    for (const std::string& e : essential_oils->exclude_endings) idx.oil_exclude_endings.push_back(inci::Key(e));
  }
  for (const std::string& b : parsing.boilerplate) {
    const std::string lower = Lower(inci::Trim(b));
    if (!lower.empty()) idx.boilerplate.push_back(lower);
  }
  for (const NamePattern& p : patterns) {
    std::string normalised;
    inci::MakeKey(p.pattern, &normalised, /*keep_glob=*/true);
    idx.patterns.push_back(normalised);
  }
  idx.built = true;
  index = std::move(idx);
  return conflicts;
}

}  // namespace scarwise::domain
