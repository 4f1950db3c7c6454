#include "domain/ingredients/inci_parser.hpp"

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "domain/ingredients/inci_text.hpp"

namespace scarwise::domain::inci {
namespace {

struct Match {
  int32_t name = -1;
  int32_t group = -1;
  MatchKind kind = MatchKind::kUnknown;

  bool found() const { return group >= 0; }
};

struct Token {
  std::string label;
  std::optional<double> percent;
  Match match;
  bool leading_marker = false;
  bool drop = false;
};

struct Segment {
  SectionKind kind = SectionKind::kIngredients;
  size_t begin = 0;
  size_t end = 0;
};

struct HeaderHit {
  size_t begin = 0;    // where the header phrase starts
  size_t content = 0;  // where the section's text starts
  size_t header = 0;   // index into parsing.headers
};

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

bool EndsWithWord(std::string_view key, std::string_view ending) {
  if (ending.empty() || key.size() < ending.size()) return false;
  if (key.substr(key.size() - ending.size()) != ending) return false;
  return key.size() == ending.size() || key[key.size() - ending.size() - 1] == ' ';
}

size_t CountWords(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = IsSpace(c) || c == '\n';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Splits `key` (normalised: single spaces) into its words.
void SplitWords(std::string_view key, std::vector<std::string_view>* words) {
  words->clear();
  size_t start = 0;
  while (start < key.size()) {
    size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) words->push_back(key.substr(start, end - start));
    start = end + 1;
  }
}

// Splits `text` at `sep` outside parentheses and brackets.
std::vector<std::string_view> SplitOutsideParentheses(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(' || c == '[') ++depth;
    if ((c == ')' || c == ']') && depth > 0) --depth;
    if (c == sep && depth == 0) {
      parts.push_back(Trim(text.substr(start, i - start)));
      start = i + 1;
    }
  }
  parts.push_back(Trim(text.substr(start)));
  return parts;
}

// The texts inside top-level parentheses of `text`.
std::vector<std::string_view> ParentheticalContents(std::string_view text) {
  std::vector<std::string_view> out;
  int depth = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '(' || c == '[') {
      if (depth++ == 0) start = i + 1;
    } else if ((c == ')' || c == ']') && depth > 0) {
      if (--depth == 0) out.push_back(Trim(text.substr(start, i - start)));
    }
  }
  return out;
}

class Parser {
 public:
  explicit Parser(const IngredientDictionary& dictionary)
      : d_(dictionary), x_(dictionary.index), fuzzy_budget_(dictionary.parsing.fuzzy.max_tokens) {}

  ParsedList Run(std::string_view text) {
    bool truncated = false;
    std::string clean = CleanText(text, d_.parsing.max_input_bytes, &truncated);
    out_.truncated = truncated;
    DropMarketingLines(&clean);
    std::string lower = Lower(clean);
    CutBoilerplate(&clean, &lower);

    std::vector<std::pair<SectionKind, std::vector<Token>>> sections;
    size_t budget = d_.parsing.max_ingredients;
    for (const Segment& seg : FindSections(lower)) {
      if (seg.kind == SectionKind::kIgnore || seg.end <= seg.begin) continue;
      std::vector<Token> tokens = Tokenize(std::string_view(clean).substr(seg.begin, seg.end - seg.begin), &budget);
      if (!tokens.empty()) sections.emplace_back(seg.kind, std::move(tokens));
    }
    // A last token that starts with a footnote mark and is no ingredient is a footnote
    // ("*Certified organic").
    if (!sections.empty()) {
      Token& last = sections.back().second.back();
      if (last.leading_marker && !MatchLabel(last.label).found()) last.drop = true;
    }
    size_t ordinal = 0;
    for (auto& [kind, tokens] : sections) {
      const std::vector<Token> resolved = Resolve(tokens);
      if (resolved.empty()) continue;
      AddSection(resolved, kind, ordinal++);
    }
    DropRepeatedProseActives();
    return std::move(out_);
  }

 private:
  // --- Layout --------------------------------------------------------------------------

  // The header that starts at `at` of the lower-cased text, if any.
  std::optional<HeaderHit> HeaderAt(std::string_view lower, size_t at) const {
    if (at > 0 && IsAsciiAlnum(lower[at - 1])) return std::nullopt;
    for (const uint32_t k : x_.headers_by_first_char[static_cast<unsigned char>(lower[at])]) {
      const std::string& phrase = x_.header_phrases[k];
      if (lower.compare(at, phrase.size(), phrase) != 0) continue;
      size_t end = at + phrase.size();
      if (IsAsciiAlnum(phrase.back()) && end < lower.size() && IsAsciiAlnum(lower[end])) continue;
      if (lower.compare(end, 3, "(s)") == 0) end += 3;
      size_t next = end;
      while (next < lower.size() && IsSpace(lower[next])) ++next;
      const SectionHeader& header = d_.parsing.headers[x_.header_index[k]];
      const bool colon = next < lower.size() && lower[next] == ':';
      if (header.needs_colon && !(next == lower.size() || colon || lower[next] == '\n')) continue;
      if (colon) ++next;
      return HeaderHit{at, next, x_.header_index[k]};
    }
    return std::nullopt;
  }

  std::vector<Segment> FindSections(std::string_view lower) const {
    std::vector<Segment> segments;
    SectionKind kind = SectionKind::kIngredients;
    size_t start = 0;
    size_t at = 0;
    while (at < lower.size()) {
      const std::optional<HeaderHit> hit = HeaderAt(lower, at);
      if (!hit) {
        ++at;
        continue;
      }
      segments.push_back(Segment{kind, start, hit->begin});
      const SectionHeader& header = d_.parsing.headers[hit->header];
      if (!header.closes_with.empty()) {
        const std::string close = Lower(header.closes_with);
        const size_t close_at = lower.find(close, hit->content);
        if (close_at != std::string_view::npos) {
          segments.push_back(Segment{header.kind, hit->content, close_at});
          start = at = close_at + close.size();
          continue;  // the text after the bracket continues the previous section
        }
      }
      kind = header.kind;
      start = at = std::max(hit->content, hit->begin + 1);
    }
    segments.push_back(Segment{kind, start, lower.size()});
    return segments;
  }

  // Drops marketing lines ("-Glycolic Acid: Reduces visible signs of aging.").
  void DropMarketingLines(std::string* text) const {
    std::string kept;
    kept.reserve(text->size());
    size_t start = 0;
    bool dropped = false;
    while (start <= text->size()) {
      size_t end = text->find('\n', start);
      if (end == std::string::npos) end = text->size();
      const std::string_view line(text->data() + start, end - start);
      if (IsMarketingLine(line)) {
        dropped = true;
      } else {
        kept.append(line);
      }
      if (end < text->size()) kept.push_back('\n');
      start = end + 1;
    }
    if (dropped) *text = std::move(kept);
  }

  bool IsMarketingLine(std::string_view line) const {
    std::string_view t = Trim(line);
    const bool bullet = !t.empty() && (t[0] == '-' || t[0] == '|' || t[0] == '*');
    if (bullet) t = Trim(t.substr(1));
    const size_t colon = t.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const std::string_view before = t.substr(0, colon);
    const std::string_view after = t.substr(colon + 1);
    if (after.find_first_of(",;") != std::string_view::npos) return false;
    if (CountWords(before) > 6) return false;
    const std::string lower = Lower(t);
    if (HeaderAt(lower, 0)) return false;
    return CountWords(after) >= (bullet ? 4u : 5u);
  }

  void CutBoilerplate(std::string* clean, std::string* lower) const {
    size_t cut = lower->size();
    for (const std::string& phrase : x_.boilerplate) cut = std::min(cut, lower->find(phrase));
    clean->resize(cut);
    lower->resize(cut);
  }

  // --- Tokens ----------------------------------------------------------------------------

  bool IsAbbreviation(std::string_view text, size_t dot) const {
    size_t b = dot;
    while (b > 0 && IsAsciiAlpha(text[b - 1])) --b;
    if (b == dot) return false;
    return x_.abbreviations.find(Lower(text.substr(b, dot - b))) != x_.abbreviations.end();
  }

  std::vector<Token> Tokenize(std::string_view s, size_t* budget) {
    // Parentheses count only when they close.
    std::vector<bool> paired(s.size(), false);
    std::vector<size_t> open;
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (c == '(' || c == '[' || c == '{') open.push_back(i);
      if ((c == ')' || c == ']' || c == '}') && !open.empty()) {
        paired[open.back()] = paired[i] = true;
        open.pop_back();
      }
    }
    std::vector<Token> tokens;
    int depth = 0;
    size_t start = 0;
    const auto emit = [&](size_t end) {
      if (end > start && *budget > 0) {
        Token token = CleanToken(s.substr(start, end - start));
        if (!token.label.empty()) {
          tokens.push_back(std::move(token));
          --*budget;
        }
      } else if (end > start && !Trim(s.substr(start, end - start)).empty()) {
        out_.truncated = true;
      }
    };
    for (size_t i = 0; i < s.size(); ++i) {
      const char c = s[i];
      if (paired[i] && (c == '(' || c == '[' || c == '{')) {
        if (depth == 0 && i + 4 < s.size() && s[i + 4] == ')' && Lower(s.substr(i + 1, 3)) == "and") {
          emit(i);  // "(and)" joins ingredients in supplier lists
          start = i + 5;
          i += 4;
          continue;
        }
        ++depth;
        continue;
      }
      if (paired[i] && (c == ')' || c == ']' || c == '}')) {
        if (depth > 0) --depth;
        continue;
      }
      if (depth > 0) continue;
      const bool digit_comma = c == ',' && i > 0 && i + 1 < s.size() && IsAsciiDigit(s[i - 1]) &&
                               IsAsciiDigit(s[i + 1]);  // "1,2-Hexanediol", "(1,128 ppm)"
      if ((c == ',' && !digit_comma) || c == ';' || c == '\n' || c == '|') {
        emit(i);
        start = i + 1;
      } else if (c == '%' && i + 1 < s.size() && IsAsciiAlpha(s[i + 1]) &&
                 !(i + 3 < s.size() && AsciiLower(s[i + 1]) == 'w' && s[i + 2] == '/')) {
        emit(i + 1);  // "2.70%Water"
        start = i + 1;
      } else if (c == '.' && i + 2 < s.size() && s[i + 1] == '.' && s[i + 2] == '.') {
        emit(i);  // dot leaders of Drug Facts tables
        while (i + 1 < s.size() && s[i + 1] == '.') ++i;
        start = i + 1;
      } else if (c == '.' && i + 1 < s.size() && IsSpace(s[i + 1]) && !IsAbbreviation(s, i)) {
        size_t j = i + 1;
        while (j < s.size() && IsSpace(s[j])) ++j;
        if (j < s.size() && ((s[j] >= 'A' && s[j] <= 'Z') || s[j] == '*')) {
          emit(i);  // a sentence ends
          start = i + 1;
        }
      }
    }
    emit(s.size());
    return tokens;
  }

  // Strips leading words found in `words` from `text` (whole words only).
  bool StripFirstWord(std::string* text, const DictionaryIndex::Map& words) const {
    const size_t space = text->find(' ');
    const std::string first = Key(text->substr(0, space));
    if (first.empty() || words.find(first) == words.end()) return false;
    text->erase(0, space == std::string::npos ? text->size() : space + 1);
    return true;
  }

  bool StripLastWord(std::string* text, const DictionaryIndex::Map& words) const {
    const size_t space = text->rfind(' ');
    if (space == std::string::npos) return false;
    const std::string last = Key(text->substr(space + 1));
    if (last.empty() || words.find(last) == words.end()) return false;
    text->resize(space);
    return true;
  }

  Token CleanToken(std::string_view raw) const {
    Token token;
    std::string t(Trim(raw));
    token.leading_marker = !t.empty() && t[0] == '*';
    for (size_t i = 1; i + 1 < t.size(); ++i) {  // a footnote after the name: "Glycerin. *Organic"
      if (t[i] == '*' && (t[i - 1] == ' ' || t[i - 1] == '.') && IsAsciiAlpha(t[i + 1])) {
        t.resize(i);
        break;
      }
    }
    t.erase(std::remove_if(t.begin(), t.end(), [](char c) { return c == '*' || c == '"' || c == '^'; }), t.end());
    token.percent = StripDoses(&t);
    // Parentheticals that are no part of the name: "(nano)", "(organic)".
    for (size_t open = t.find('('); open != std::string::npos;) {
      const size_t close = t.find(')', open);
      if (close == std::string::npos) break;
      if (x_.ignore_parentheticals.find(Key(t.substr(open + 1, close - open - 1))) != x_.ignore_parentheticals.end()) {
        t.erase(open, close + 1 - open);
      } else {
        open = t.find('(', open + 1);
      }
    }
    for (char& c : t) {
      if (c == '\n') c = ' ';
    }
    // Trims punctuation at both ends, keeping the period of a final abbreviation ("Denat.").
    const auto trim_ends = [this, &t] {
      const auto punct = [](char c) { return IsSpace(c) || c == '-' || c == ':' || c == '.' || c == ',' || c == '\''; };
      size_t b = 0;
      while (b < t.size() && punct(t[b])) ++b;
      size_t e = t.size();
      while (e > b && punct(t[e - 1])) --e;
      const bool keep_period = e < t.size() && t[e] == '.' && IsAbbreviation(t, e);
      t = t.substr(b, e - b + (keep_period ? 1 : 0));
    };
    trim_ends();
    std::string collapsed;
    collapsed.reserve(t.size());
    for (char c : t) {
      if (IsSpace(c) && (collapsed.empty() || collapsed.back() == ' ')) continue;
      collapsed.push_back(IsSpace(c) ? ' ' : c);
    }
    t = std::move(collapsed);
    while (StripFirstWord(&t, x_.filler_words) || StripFirstWord(&t, x_.strip_words)) {
    }
    while (StripLastWord(&t, x_.strip_words)) {
    }
    trim_ends();
    token.label = std::move(t);
    return token;
  }

  // --- Matching --------------------------------------------------------------------------

  Match FromName(uint32_t n, MatchKind kind) const {
    return Match{static_cast<int32_t>(n), static_cast<int32_t>(d_.names[n].group), kind};
  }

  bool IsFlagged(int32_t group) const {
    return group >= 0 && d_.groups[static_cast<size_t>(group)].category.has_value();
  }

  Match Lookup(std::string_view key) {
    if (key.empty()) return {};
    if (const auto it = x_.exact.find(key); it != x_.exact.end()) return FromName(it->second, MatchKind::kExact);
    MakeCompact(key, &compact_);
    if (const auto it = x_.compact.find(compact_);
        it != x_.compact.end() && it->second != DictionaryIndex::kAmbiguous) {
      return FromName(it->second, MatchKind::kHyphenRepair);  // only the spacing differs
    }
    return {};
  }

  bool IsEssentialOil(std::string_view key) const {
    if (!d_.essential_oils) return false;
    const size_t space = key.find(' ');
    if (space == std::string_view::npos || !EndsWithWord(key, "oil")) return false;
    const auto genus = x_.oil_genera.find(key.substr(0, space));
    if (genus == x_.oil_genera.end()) return false;
    for (const std::string& ending : x_.oil_exclude_endings) {
      if (EndsWithWord(key, ending)) return false;
    }
    const std::vector<std::string>& only = x_.oil_only_endings[genus->second];
    if (only.empty()) return true;
    return std::any_of(only.begin(), only.end(), [key](const std::string& e) { return EndsWithWord(key, e); });
  }

  Match PatternOrOil(std::string_view key) const {
    if (key.empty()) return {};
    for (size_t p = 0; p < x_.patterns.size(); ++p) {
      if (GlobMatch(x_.patterns[p], key)) {
        return Match{-1, static_cast<int32_t>(d_.patterns[p].group), MatchKind::kPattern};
      }
    }
    if (IsEssentialOil(key)) return Match{-1, static_cast<int32_t>(d_.essential_oils->group), MatchKind::kEssentialOil};
    return {};
  }

  // The name, the name without parentheticals, hyphenation repaired, then patterns.
  Match MatchSimple(std::string_view label) {
    const std::string outer = WithoutParentheticals(label);
    std::string key;
    MakeKey(outer, &key);
    if (Match m = Lookup(key); m.found()) return m;
    const bool has_parenthetical = outer.size() != label.size();
    std::string full_key;
    if (has_parenthetical) {
      MakeKey(label, &full_key);
      if (Match m = Lookup(full_key); m.found()) return m;
    }
    std::string joined;
    MakeJoinedKey(outer, &joined);
    if (joined != key) {
      if (Match m = Lookup(joined); m.found()) return Match{m.name, m.group, MatchKind::kHyphenRepair};
    }
    if (Match m = PatternOrOil(key); m.found()) return m;
    if (has_parenthetical) return PatternOrOil(full_key);
    return {};
  }

  Match MatchLabel(std::string_view label) {
    if (Match m = MatchSimple(label); m.found()) return m;
    // Slash synonyms ("Parfum/Fragrance"): only when the first part is a name itself, so
    // "Styrene/Acrylates Copolymer" is not read as "Acrylates Copolymer".
    const std::vector<std::string_view> parts = SplitOutsideParentheses(label, '/');
    if (parts.size() > 1) {
      Match first = MatchSimple(parts[0]);
      if (first.found()) {
        for (size_t p = 1; p < parts.size() && !IsFlagged(first.group); ++p) {
          const Match other = MatchSimple(parts[p]);
          if (IsFlagged(other.group)) first = other;
        }
        first.kind = MatchKind::kSlashSegment;
        return first;
      }
    }
    // Parenthetical names ("Red 6 (CI 15850)", "Alcohol (Ethanol)").
    std::string key;
    for (std::string_view content : ParentheticalContents(label)) {
      for (std::string_view piece : SplitOutsideParentheses(content, ',')) {
        for (std::string_view part : SplitOutsideParentheses(piece, '/')) {
          MakeKey(part, &key);
          Match m = Lookup(key);
          if (!m.found()) m = PatternOrOil(key);
          if (m.found()) {
            m.kind = MatchKind::kParenthetical;
            return m;
          }
        }
      }
    }
    return {};
  }

  // Longest-match reading of text without separators. Returns the pieces when they
  // explain the text (all words, or half of a long run), else nothing.
  std::optional<std::vector<Token>> Greedy(std::string_view label, bool flagged_only) {
    std::string key;
    MakeKey(WithoutParentheticals(label), &key);
    std::vector<std::string_view> words;
    SplitWords(key, &words);
    if (words.size() < 2) return std::nullopt;
    std::vector<Token> pieces;
    size_t covered = 0;
    size_t found = 0;
    size_t unknown_from = words.size();
    const auto flush_unknown = [&](size_t to) {
      if (unknown_from >= to) return;
      Token unknown;
      const char* b = words[unknown_from].data();
      const char* e = words[to - 1].data() + words[to - 1].size();
      unknown.label.assign(b, static_cast<size_t>(e - b));
      if (!flagged_only) pieces.push_back(std::move(unknown));
      unknown_from = words.size();
    };
    for (size_t i = 0; i < words.size();) {
      Match best;
      size_t best_len = 0;
      for (size_t len = std::min(x_.max_words, words.size() - i); len > 0; --len) {
        const char* b = words[i].data();
        const char* e = words[i + len - 1].data() + words[i + len - 1].size();
        const Match m = Lookup(std::string_view(b, static_cast<size_t>(e - b)));
        if (m.found()) {
          best = m;
          best_len = len;
          break;
        }
      }
      if (best_len == 0) {
        if (unknown_from == words.size()) unknown_from = i;
        ++i;
        continue;
      }
      flush_unknown(i);
      if (!flagged_only || IsFlagged(best.group)) {
        Token piece;
        piece.label = d_.names[static_cast<size_t>(best.name)].name;
        piece.match = Match{best.name, best.group, flagged_only ? MatchKind::kProse : MatchKind::kGreedy};
        pieces.push_back(std::move(piece));
      }
      covered += best_len;
      ++found;
      i += best_len;
    }
    flush_unknown(words.size());
    if (flagged_only) return pieces;
    const auto min_words = static_cast<size_t>(std::max(2, d_.parsing.greedy_min_words));
    if (found >= 2 && (covered == words.size() || (words.size() >= min_words && covered * 2 >= words.size()))) {
      return pieces;
    }
    return std::nullopt;
  }

  Match Fuzzy(std::string_view label) {
    const FuzzyRules& rules = d_.parsing.fuzzy;
    if (fuzzy_budget_ <= 0) return {};
    std::string key;
    MakeKey(WithoutParentheticals(label), &key);
    std::string compact;
    MakeCompact(key, &compact);
    const auto length = static_cast<int>(compact.size());
    if (length < rules.min_length || compact.size() > 64) return {};
    --fuzzy_budget_;
    const int allowed = length >= rules.long_length ? rules.long_max_distance : rules.max_distance;
    std::array<uint8_t, 36> histogram{};
    for (char c : compact) {
      if (c >= 'a' && c <= 'z') histogram[static_cast<size_t>(c - 'a')]++;
      if (c >= '0' && c <= '9') histogram[26 + static_cast<size_t>(c - '0')]++;
    }
    int best_benign = allowed + 1;
    int best_active = allowed + 1;
    uint32_t benign_name = 0;
    uint32_t active_name = 0;
    const size_t lo = static_cast<size_t>(std::max(0, length - allowed));
    const size_t hi = static_cast<size_t>(length + allowed) + 1;
    if (lo >= x_.fuzzy_first_of_length.size()) return {};
    const size_t first = x_.fuzzy_first_of_length[lo];
    const size_t last = hi < x_.fuzzy_first_of_length.size() ? x_.fuzzy_first_of_length[hi] : x_.fuzzy.size();
    for (size_t i = first; i < last; ++i) {
      const DictionaryIndex::FuzzyEntry& entry = x_.fuzzy[i];
      int histogram_gap = 0;
      for (size_t h = 0; h < histogram.size() && histogram_gap <= 2 * allowed; ++h) {
        histogram_gap += std::abs(static_cast<int>(histogram[h]) - static_cast<int>(entry.histogram[h]));
      }
      if (histogram_gap > 2 * allowed) continue;
      const bool flagged = IsFlagged(static_cast<int32_t>(d_.names[entry.name].group));
      const int bound = flagged ? best_active - 1 : best_benign - 1;
      if (bound < 0) continue;
      const int distance = BoundedDistance(compact, entry.compact, bound);
      if (distance > bound) continue;
      if (flagged) {
        best_active = distance, active_name = entry.name;
      } else {
        best_benign = distance, benign_name = entry.name;
      }
    }
    const bool active_ok = best_active <= std::min(allowed, rules.active_max_distance) &&
                           length >= rules.active_min_length && best_benign > best_active + 1;
    if (active_ok) return FromName(active_name, MatchKind::kFuzzy);
    if (best_benign <= allowed) return FromName(benign_name, MatchKind::kFuzzy);
    return {};
  }

  // --- Sections --------------------------------------------------------------------------

  bool IsProse(std::string_view label) const {
    std::string key;
    MakeKey(label, &key);
    std::vector<std::string_view> words;
    SplitWords(key, &words);
    size_t prose = 0;
    for (std::string_view w : words) prose += x_.prose_words.find(w) != x_.prose_words.end() ? 1u : 0u;
    return prose >= 2;
  }

  bool IsProductName(std::string_view label) const {
    std::string key;
    MakeKey(label, &key);
    const size_t space = key.rfind(' ');
    return space != std::string::npos && x_.product_words.find(key.substr(space + 1)) != x_.product_words.end();
  }

  std::vector<Token> Resolve(std::vector<Token>& tokens) {
    for (Token& t : tokens) {
      if (!t.drop) t.match = MatchLabel(t.label);
    }
    // Stray commas: join neighbours when together they form a name.
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].drop) continue;
      size_t j = i + 1;
      while (j < tokens.size() && tokens[j].drop) ++j;
      if (j >= tokens.size()) break;
      if (tokens[i].match.found() && tokens[j].match.found()) continue;
      const std::string joined = tokens[i].label + " " + tokens[j].label;
      Match m = MatchSimple(joined);
      if (!m.found()) continue;
      // A piece that is a name on its own joins its neighbour only into another dictionary
      // name: a glob ("retinol *") would swallow an unknown neighbour, which would then go
      // unreported as not judged.
      const bool by_glob = m.kind == MatchKind::kPattern || m.kind == MatchKind::kEssentialOil;
      if (by_glob && (tokens[i].match.found() || tokens[j].match.found())) continue;
      out_.merged.emplace_back(tokens[i].label + ", " + tokens[j].label, joined);
      m.kind = MatchKind::kMerged;
      tokens[i].label = joined;
      tokens[i].match = m;
      if (!tokens[i].percent) tokens[i].percent = tokens[j].percent;
      tokens[j].drop = true;
    }
    std::vector<Token> resolved;
    resolved.reserve(tokens.size());
    std::string key;
    for (Token& t : tokens) {
      if (t.drop) continue;
      if (t.match.found()) {
        resolved.push_back(std::move(t));
        continue;
      }
      MakeKey(WithoutParentheticals(t.label), &key);
      if (key.empty() || x_.ignore_tokens.find(key) != x_.ignore_tokens.end()) continue;
      if (std::optional<std::vector<Token>> pieces = Greedy(t.label, false)) {
        out_.greedy_used = true;
        for (Token& piece : *pieces) {
          if (!piece.percent) piece.percent = t.percent;
          t.percent.reset();
          resolved.push_back(std::move(piece));
        }
        continue;
      }
      // A sentence or a product name ("Tretinoin Cream USP") is not an ingredient, but the
      // actives it names are: a drug label often gives the active only in the product name.
      if (IsProse(t.label) || IsProductName(t.label)) {
        out_.ignored.push_back(t.label);
        if (std::optional<std::vector<Token>> actives = Greedy(t.label, true)) {
          for (Token& piece : *actives) resolved.push_back(std::move(piece));
        }
        continue;
      }
      if (Match m = Fuzzy(t.label); m.found()) t.match = m;
      resolved.push_back(std::move(t));
    }
    return resolved;
  }

  bool IsAlphabetical(const std::vector<Token>& tokens, size_t from) const {
    const auto min_items = static_cast<size_t>(std::max(2, d_.parsing.alphabetical_min_items));
    if (tokens.size() < from + min_items) return false;
    std::string previous;
    std::string key;
    for (size_t i = from; i < tokens.size(); ++i) {
      MakeKey(tokens[i].label, &key);
      if (i > from && key < previous) return false;
      previous = key;
    }
    return true;
  }

  void AddSection(const std::vector<Token>& tokens, SectionKind kind, size_t ordinal) {
    const bool ordered_list = kind == SectionKind::kIngredients || kind == SectionKind::kInactive;
    size_t alphabetical_from = tokens.size();
    if (ordered_list) {
      if (IsAlphabetical(tokens, 0)) {
        alphabetical_from = 0;
      } else if (tokens[0].percent && IsAlphabetical(tokens, 1)) {
        alphabetical_from = 1;  // an active with its dose, then an A-Z inactive list
      }
    }
    if (alphabetical_from < tokens.size()) out_.alphabetical = true;
    size_t line = tokens.size();
    if (ordered_list) {
      for (size_t i = 0; i < tokens.size(); ++i) {
        const int32_t g = tokens[i].match.group;
        if (g >= 0 && d_.groups[static_cast<size_t>(g)].marks_one_percent_line) {
          line = i;
          break;
        }
      }
    }
    if (kind == SectionKind::kActive) out_.has_active_section = true;
    if (kind == SectionKind::kInactive) out_.has_inactive_section = true;
    if (kind == SectionKind::kShade) out_.has_shade_section = true;
    for (size_t i = 0; i < tokens.size(); ++i) {
      ParsedIngredient item;
      item.label = tokens[i].label;
      item.name = tokens[i].match.name;
      item.group = tokens[i].match.group;
      item.match = tokens[i].match.kind;
      item.percent = tokens[i].percent;
      item.section = ordinal;
      item.section_kind = kind;
      item.position = static_cast<int>(i) + 1;
      item.order_known = i < alphabetical_from;
      item.below_line = kind == SectionKind::kShade || (item.order_known && i >= line);
      out_.items.push_back(std::move(item));
    }
  }

  // An active read from a sentence is dropped when the list names it anyway.
  void DropRepeatedProseActives() {
    std::vector<ParsedIngredient>& items = out_.items;
    const auto listed = [&items](int32_t name) {
      return std::any_of(items.begin(), items.end(),
                         [name](const ParsedIngredient& p) { return p.match != MatchKind::kProse && p.name == name; });
    };
    items.erase(
        std::remove_if(items.begin(), items.end(),
                       [&](const ParsedIngredient& p) { return p.match == MatchKind::kProse && listed(p.name); }),
        items.end());
  }

  const IngredientDictionary& d_;
  const DictionaryIndex& x_;
  int fuzzy_budget_;
  std::string compact_;
  ParsedList out_;
};

}  // namespace

ParsedList ParseIngredientList(const IngredientDictionary& dictionary, std::string_view text) {
  if (!dictionary.index.built) return {};
  return Parser(dictionary).Run(text);
}

}  // namespace scarwise::domain::inci
