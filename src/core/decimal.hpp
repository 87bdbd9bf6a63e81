// core: exact figures. A published decimal ("13500.55", "-2.1") is held exactly, and so is every
// sum, difference, product and quotient of them (a rational number, through GMP): nothing is
// rounded until it is printed, and then half away from zero (四舍五入), as Chinese statistics
// rounds. Binary floating point never stands between a data cell and its printed digits.
#pragma once

#include <gmpxx.h>

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace jb::core {

class Decimal {
 public:
  Decimal() = default;
  explicit Decimal(long whole);

  // A plain decimal: an optional sign, digits, at most one point with digits after it
  // ("-12.345", "+5", "0.35"). nullopt for anything else (the data stage says why).
  static std::optional<Decimal> parse(std::string_view plain);
  // 10^n (n may be negative).
  static Decimal pow10(int n);

  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  friend Decimal operator*(const Decimal& a, const Decimal& b);
  // The divisor must not be zero (callers report that as a data error first).
  friend Decimal operator/(const Decimal& a, const Decimal& b);
  Decimal operator-() const;
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b);

  int sign() const;  // -1, 0, 1
  bool is_zero() const { return sign() == 0; }
  Decimal abs() const;
  // this^n, n >= 0.
  Decimal power(unsigned n) const;

  // Rounded half away from zero to `decimals` places (0 to 18): 2.675 -> "2.68", -0.05 -> "-0.1",
  // -0.04 -> "0.0" (a value that rounds to zero has no sign).
  std::string fixed(int decimals) const;
  // The same rounding, as a value.
  Decimal rounded(int decimals) const;
  // The largest whole number not above the value (it must fit a long).
  long floor() const;
  // For drawing only (a chart's bar length); never for printed digits.
  double to_double() const;

 private:
  explicit Decimal(mpq_class q);
  mpq_class q_;
};

// Decimals a published figure shows: "13500.55" -> 2, "7" -> 0.
int decimals_of(std::string_view plain);

}  // namespace jb::core
