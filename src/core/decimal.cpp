#include "core/decimal.hpp"

#include <utility>

namespace jb::core {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

mpz_class ten_to(unsigned n) {
  mpz_class r;
  mpz_ui_pow_ui(r.get_mpz_t(), 10, n);
  return r;
}

// |q| * 10^decimals rounded half away from zero, as a whole number of units.
mpz_class units(const mpq_class& q, int decimals) {
  const mpq_class scaled = abs(q) * mpq_class(ten_to(static_cast<unsigned>(decimals)));
  // floor(x + 1/2) for x >= 0
  mpz_class twice_num = 2 * scaled.get_num() + scaled.get_den();
  mpz_class den = 2 * scaled.get_den();
  mpz_class out;
  mpz_fdiv_q(out.get_mpz_t(), twice_num.get_mpz_t(), den.get_mpz_t());
  return out;
}

}  // namespace

Decimal::Decimal(long whole) : q_(whole) {}
Decimal::Decimal(mpq_class q) : q_(std::move(q)) { q_.canonicalize(); }

std::optional<Decimal> Decimal::parse(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string digits;
  std::size_t int_digits = 0, frac = 0;
  while (i < s.size() && digit(s[i])) digits += s[i++], ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && digit(s[i])) digits += s[i++], ++frac;
    if (frac == 0) return std::nullopt;
  }
  if (int_digits == 0 || i != s.size() || digits.size() > 40) return std::nullopt;
  mpz_class n(digits, 10);
  if (negative) n = -n;
  return Decimal(mpq_class(n, ten_to(static_cast<unsigned>(frac))));
}

Decimal Decimal::pow10(int n) {
  return n >= 0 ? Decimal(mpq_class(ten_to(static_cast<unsigned>(n))))
                : Decimal(mpq_class(mpz_class(1), ten_to(static_cast<unsigned>(-n))));
}

Decimal operator+(const Decimal& a, const Decimal& b) { return Decimal(mpq_class(a.q_ + b.q_)); }
Decimal operator-(const Decimal& a, const Decimal& b) { return Decimal(mpq_class(a.q_ - b.q_)); }
Decimal operator*(const Decimal& a, const Decimal& b) { return Decimal(mpq_class(a.q_ * b.q_)); }
Decimal operator/(const Decimal& a, const Decimal& b) { return Decimal(mpq_class(a.q_ / b.q_)); }
Decimal Decimal::operator-() const { return Decimal(mpq_class(-q_)); }
bool operator==(const Decimal& a, const Decimal& b) { return cmp(a.q_, b.q_) == 0; }
std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) {
  const int c = cmp(a.q_, b.q_);
  return c < 0   ? std::strong_ordering::less
         : c > 0 ? std::strong_ordering::greater
                 : std::strong_ordering::equal;
}

int Decimal::sign() const { return sgn(q_); }
Decimal Decimal::abs() const { return Decimal(mpq_class(::abs(q_))); }

Decimal Decimal::power(unsigned n) const {
  mpz_class num, den;
  mpz_pow_ui(num.get_mpz_t(), q_.get_num_mpz_t(), n);
  mpz_pow_ui(den.get_mpz_t(), q_.get_den_mpz_t(), n);
  return Decimal(mpq_class(num, den));
}

Decimal Decimal::rounded(int decimals) const {
  mpz_class u = units(q_, decimals);
  if (sign() < 0) u = -u;
  return Decimal(mpq_class(u, ten_to(static_cast<unsigned>(decimals))));
}

std::string Decimal::fixed(int decimals) const {
  const mpz_class u = units(q_, decimals);
  std::string digits = u.get_str(10);
  const auto frac = static_cast<std::size_t>(decimals);
  if (digits.size() <= frac) digits = std::string(frac + 1 - digits.size(), '0') + digits;
  std::string out = sign() < 0 && u != 0 ? "-" : "";
  out.append(digits, 0, digits.size() - frac);
  if (frac > 0) out.append(1, '.').append(digits, digits.size() - frac, frac);
  return out;
}

long Decimal::floor() const {
  mpz_class out;
  mpz_fdiv_q(out.get_mpz_t(), q_.get_num_mpz_t(), q_.get_den_mpz_t());
  return out.get_si();
}

double Decimal::to_double() const { return q_.get_d(); }

int decimals_of(std::string_view plain) {
  const auto point = plain.find('.');
  return point == std::string_view::npos ? 0 : static_cast<int>(plain.size() - point - 1);
}

}  // namespace jb::core
