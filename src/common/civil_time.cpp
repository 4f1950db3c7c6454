#include "common/civil_time.hpp"

#include <array>
#include <charconv>

namespace scarwise {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Appends `value` (not negative) in decimal, zero-padded to at least `width` digits.
void AppendPadded(std::string& out, long value, int width) {
  std::array<char, 20> digits{};
  const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), value).ptr;
  for (auto n = end - digits.data(); n < width; ++n) out.push_back('0');
  out.append(digits.data(), static_cast<size_t>(end - digits.data()));
}

bool ReadDigits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  return true;
}

Result<Date> DateAt(std::string_view text, std::string_view field, std::string_view expected) {
  int y = 0, m = 0, d = 0;
  if (text.size() < 10 || !ReadDigits(text, 0, 4, y) || text[4] != '-' || !ReadDigits(text, 5, 2, m) ||
      text[7] != '-' || !ReadDigits(text, 8, 2, d)) {
    return Unexpected(InvalidArgument(std::string(field), "must be " + std::string(expected)));
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || y < 1900 || y > 2200) {
    return Unexpected(InvalidArgument(std::string(field), "is not a real calendar date"));
  }
  return Date{ymd};
}

}  // namespace

Result<Date> ParseDate(std::string_view text, std::string_view field) {
  if (text.size() != 10) {
    return Unexpected(InvalidArgument(std::string(field), "must be a date written YYYY-MM-DD"));
  }
  return DateAt(text, field, "a date written YYYY-MM-DD");
}

Result<Timestamp> ParseTimestamp(std::string_view text, std::string_view field) {
  static constexpr std::string_view kShape = "an ISO 8601 time with an offset, e.g. 2026-10-01T15:30:00+02:00";
  const auto bad = [&] { return Unexpected(InvalidArgument(std::string(field), "must be " + std::string(kShape))); };
  SCARWISE_ASSIGN_OR_RETURN(auto date, DateAt(text, field, kShape));
  int hh = 0, mm = 0, ss = 0;
  if (text.size() < 16 || (text[10] != 'T' && text[10] != ' ') || !ReadDigits(text, 11, 2, hh) || text[13] != ':' ||
      !ReadDigits(text, 14, 2, mm)) {
    return bad();
  }
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, ss)) return bad();
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      const size_t start = pos;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
      if (pos == start) return bad();
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) {
    return Unexpected(InvalidArgument(std::string(field), "has a time of day out of range"));
  }
  minutes offset{0};
  if (pos == text.size()) {
    return Unexpected(InvalidArgument(std::string(field), "needs a UTC offset (Z or ±HH:MM)"));
  }
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const int sign = text[pos] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!ReadDigits(text, pos + 1, 2, oh)) return bad();
    size_t next = pos + 3;
    if (next < text.size() && text[next] == ':') ++next;
    if (!ReadDigits(text, next, 2, om)) return bad();
    pos = next + 2;
    if (oh > 14 || om > 59) {
      return Unexpected(InvalidArgument(std::string(field), "has a UTC offset out of range"));
    }
    offset = minutes{sign * (oh * 60 + om)};
  } else {
    return bad();
  }
  if (pos != text.size()) return bad();
  const auto local = std::chrono::sys_seconds{date} + hours{hh} + minutes{mm} + seconds{ss};
  return Timestamp{local - offset, offset};
}

std::string FormatDate(Date date) {
  const std::chrono::year_month_day ymd{date};
  std::string out;
  out.reserve(10);
  const int year = static_cast<int>(ymd.year());
  if (year < 0) out.push_back('-');
  AppendPadded(out, year < 0 ? -year : year, year < 0 ? 3 : 4);  // as printf's %04d
  out.push_back('-');
  AppendPadded(out, static_cast<unsigned>(ymd.month()), 2);
  out.push_back('-');
  AppendPadded(out, static_cast<unsigned>(ymd.day()), 2);
  return out;
}

std::string FormatTimestamp(const Timestamp& ts) {
  const auto local = ts.utc + ts.offset;
  const auto day = std::chrono::floor<days>(local);
  const std::chrono::hh_mm_ss<seconds> tod{local - day};
  std::string out = FormatDate(day);
  out.reserve(25);
  out.push_back('T');
  AppendPadded(out, tod.hours().count(), 2);
  out.push_back(':');
  AppendPadded(out, tod.minutes().count(), 2);
  out.push_back(':');
  AppendPadded(out, tod.seconds().count(), 2);
  if (ts.offset == minutes{0}) {
    out.push_back('Z');
    return out;
  }
  const long total = ts.offset.count();
  const long magnitude = total < 0 ? -total : total;
  out.push_back(total < 0 ? '-' : '+');
  AppendPadded(out, magnitude / 60, 2);
  out.push_back(':');
  AppendPadded(out, magnitude % 60, 2);
  return out;
}

Date AddMonths(Date date, int months) {
  const std::chrono::year_month_day ymd{date};
  const auto target = std::chrono::year_month{ymd.year(), ymd.month()} + std::chrono::months{months};
  const auto last = std::chrono::year_month_day_last{target.year(), std::chrono::month_day_last{target.month()}};
  const auto day = ymd.day() > last.day() ? last.day() : ymd.day();
  return Date{std::chrono::year_month_day{target.year(), target.month(), day}};
}

int WholeYearsBetween(Date from, Date to) {
  const std::chrono::year_month_day a{from};
  const std::chrono::year_month_day b{to};
  int years = static_cast<int>(b.year()) - static_cast<int>(a.year());
  if (std::chrono::month_day{b.month(), b.day()} < std::chrono::month_day{a.month(), a.day()}) --years;
  return years;
}

}  // namespace scarwise
