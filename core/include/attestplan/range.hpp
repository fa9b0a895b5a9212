// Range: low / likely / high, the shape of every figure attestplan computes. Part of the SDK.
#pragma once

namespace attestplan {

/// Low / likely / high: every figure is a range, never false precision.
struct Range {
  double low = 0;
  double likely = 0;
  double high = 0;

  static Range exactly(double v) { return {v, v, v}; }
  friend bool operator==(const Range&, const Range&) = default;
  Range& operator+=(const Range& o) {
    low += o.low;
    likely += o.likely;
    high += o.high;
    return *this;
  }
  friend Range operator+(Range a, const Range& b) { return a += b; }
  friend Range operator*(Range a, double k) { return {a.low * k, a.likely * k, a.high * k}; }
  friend Range operator*(Range a, const Range& k) {
    return {a.low * k.low, a.likely * k.likely, a.high * k.high};
  }
};

}  // namespace attestplan
