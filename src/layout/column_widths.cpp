// layout: a table's column widths. When the naturals do not fit: a first allocation (the best
// estimated of water-filling, as before, and two others), then a local search that moves width
// between columns while the table's estimated height falls, so that the width goes where it
// saves lines.
#include "layout/column_widths.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <functional>
#include <utility>

namespace jb::layout::detail {

namespace {

// Takes `excess` from the columns in `which`, widest first (each down to a common level, never
// below its minimum); returns what could not be taken.
double shrink(std::vector<double>& widths, const std::vector<double>& minimum,
              const std::vector<bool>& which, double excess) {
  auto taken_at = [&](double level) {
    double taken = 0;
    for (std::size_t c = 0; c < widths.size(); ++c)
      if (which[c]) taken += widths[c] - std::max(minimum[c], std::min(widths[c], level));
    return taken;
  };
  // taken_at falls as the level rises: the highest level that takes enough.
  double lo = 0, hi = *std::max_element(widths.begin(), widths.end());
  if (taken_at(lo) > excess)
    for (int k = 0; k < 60 && hi - lo > 1e-6; ++k)
      (taken_at((lo + hi) / 2) >= excess ? lo : hi) = (lo + hi) / 2;
  const double taken = taken_at(lo);
  for (std::size_t c = 0; c < widths.size(); ++c)
    if (which[c]) widths[c] = std::max(minimum[c], std::min(widths[c], lo));
  return std::max(0.0, excess - taken);
}

// A cell's estimated lines at an inner width: its natural width over it, rounded up.
int cell_lines(double natural, double inner) {
  if (natural <= inner) return 1;
  return std::max(1, static_cast<int>(std::ceil(natural / std::max(inner, 1e-3) - 1e-9)));
}

// Some columns' new widths: a move of the search.
using Change = std::vector<std::pair<std::size_t, double>>;

// The estimated height in lines, and the fixed columns below their natural widths; then how far
// they are below them: width that saves no line goes back to them.
struct Score {
  long lines = 0, wrapped = 0;
  double short_pt = 0;
  long cost() const { return lines + wrapped_fixed_lines * wrapped; }
  bool operator<(const Score& o) const {
    return cost() != o.cost() ? cost() < o.cost() : short_pt < o.short_pt - 1e-6;
  }
};

// A move to look at: the columns it gives width to (a set of the search's), then the one it
// takes the width from, or the others it takes it from (another set); and the least its cost
// can come to, from what the given ones gain (the others lose at least their wrapped headers).
struct Candidate {
  long bound = 0;
  std::size_t given = 0, from = 0;  // from: a column, or npos and `taken` the set
  double amount = 0;
  std::size_t taken = 0;
};

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// The local search: every column kept in [minimum, natural], the widths' sum kept. A move gives
// a step of width (2, 1, 0.5, then 0.25 em) to a column from another; when no step lowers the
// score, a move raises a column, with those tied with it on the rows it saves, to where a cell
// of it loses a line, taking the width from one column or from all the others. The best move
// that lowers the score is made, until none does; the moves are looked at from the most
// promising, and one that cannot beat the best so far is not worked out.
class WidthSearch {
 public:
  WidthSearch(const ColumnMeasures& m, std::vector<double> widths)
      : m_(m),
        rows_(m.cell_natural.size()),
        cols_(widths.size()),
        w_(std::move(widths)),
        nat_(cols_, std::vector<double>(rows_)),
        order_(cols_),
        cur_(cols_),
        rowmax_(rows_),
        top_(rows_),
        cache_(cols_),
        cached_(cols_, 0),
        mark_(cols_, 0),
        stamp_(rows_, 0) {
    std::vector<std::pair<double, std::size_t>> by;
    for (std::size_t c = 0; c < cols_; ++c) {
      by.clear();
      // A cell no wider than the column's narrowest inner width is one line at any width.
      const double one_line = std::min(lo(c), m_.natural[c]) - 2 * m_.pad;
      for (std::size_t r = 0; r < rows_; ++r) {
        nat_[c][r] = m_.cell_natural[r][c];
        if (nat_[c][r] > one_line) by.emplace_back(-nat_[c][r], r);
      }
      std::sort(by.begin(), by.end());
      for (const auto& [n, r] : by) order_[c].push_back(r);
      cur_[c] = lines_of(c, w_[c]).lines;
    }
    settle(true);
  }

  std::vector<double> run() {
    // Bounds on the moves (each lowers the score) and on the work (rows looked at and cells'
    // lines worked out, counted, so that the widths are the same on every run), reached only by
    // tables of hundreds of rows of long texts in many columns: the search then stops where it
    // is, lower than it started.
    int made = 0;
    for (double step : {2.0, 1.0, 0.5, 0.25})
      while (made++ < 200 && work_ < 300000) {
        moves_.clear(), given_.clear(), taken_.clear();
        step_moves(step * m_.em);
        auto best = best_move();
        if (!best) {  // no step helps: the moves to where a column's cells lose a line
          moves_.clear(), given_.clear(), taken_.clear();
          need_moves();
          best = best_move();
        }
        if (!best) break;
        make(*best);
      }
    return w_;
  }

 private:
  // Makes a move, then the same again while it goes on lowering the score (a column that gains
  // from a step often gains from the next).
  void make(Change ch) {
    for (;;) {
      Change again = ch;
      bool inside = true;
      ++tick_;  // the rows whose lines change: the columns' cells that may
      for (const auto& [c, w] : ch)
        for (std::size_t k = 0, n = changing(c, w_[c], w); k < n; ++k) stamp_[order_[c][k]] = tick_;
      for (auto& [c, w] : again) {
        const double to = w, from = w_[c];
        cur_[c] = lines_of(c, to).lines, w_[c] = to;
        w = to + (to - from);
        inside = inside && w >= lo(c) - 1e-9 && w <= hi(c) + 1e-9;
      }
      settle(false);
      if (!inside || !(score_of(again) < score_)) return;
      ch = std::move(again);
    }
  }

  // A column's cells' lines at a width, and what the score's lines gain by it alone.
  struct Lines {
    double width = 0;
    std::vector<int> lines;
    std::optional<long> alone;
  };

  double lo(std::size_t c) const { return m_.minimum[c]; }
  double hi(std::size_t c) const { return std::max(m_.natural[c], m_.minimum[c]); }
  double shortfall(std::size_t c, double w) const {
    return m_.fixed[c] ? std::max(0.0, m_.natural[c] - w) : 0.0;
  }
  long wrapped(std::size_t c, double w) const { return shortfall(c, w) > 1e-6 ? 1 : 0; }
  long wrapped_cost(std::size_t c, double w) const {
    return wrapped_fixed_lines * (wrapped(c, w) - wrapped(c, w_[c]));
  }
  long wrapped_cost(const Change& ch) const {
    long cost = 0;
    for (const auto& [c, w] : ch) cost += wrapped_cost(c, w);
    return cost;
  }

  // The rows, widest cell first, whose lines may differ between two widths of column c: its
  // cells wider than the narrower one's inner width (the others take one line at both). The
  // order holds only the cells that may take more than one line.
  std::size_t changing(std::size_t c, double a, double b) const {
    const double inner = std::min(a, b) - 2 * m_.pad;
    return static_cast<std::size_t>(
        std::partition_point(order_[c].begin(), order_[c].end(),
                             [&](std::size_t r) { return nat_[c][r] > inner; }) -
        order_[c].begin());
  }

  // Column c's cells' lines at width w, worked out once between two moves (the cache's entries
  // are kept for their storage).
  Lines& lines_of(std::size_t c, double w) const {
    for (std::size_t k = 0; k < cached_[c]; ++k)
      if (cache_[c][k].width == w) return cache_[c][k];
    if (cached_[c] == cache_[c].size()) cache_[c].emplace_back();
    Lines& l = cache_[c][cached_[c]++];
    l.width = w;
    l.lines.assign(rows_, 1);
    l.alone.reset();
    const double inner = w - 2 * m_.pad;
    for (std::size_t r : order_[c]) {
      if (nat_[c][r] <= inner) break;
      l.lines[r] = cell_lines(nat_[c][r], inner);
      ++work_;
    }
    return l;
  }

  // The score and each row's most lines at the columns' widths: of every row, or of those
  // stamped with the tick.
  void settle(bool all) {
    score_.short_pt = 0, score_.wrapped = 0;
    for (std::size_t c = 0; c < cols_; ++c) {
      score_.short_pt += shortfall(c, w_[c]), score_.wrapped += wrapped(c, w_[c]);
      cached_[c] = 0;
    }
    if (all) score_.lines = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      if (!all && stamp_[r] != tick_) continue;
      if (!all) score_.lines -= rowmax_[r];
      auto& top = top_[r];
      top.fill({0, npos});
      for (std::size_t c = 0; c < cols_; ++c)
        if (std::pair<int, std::size_t> cell{cur_[c][r], c}; cell.first > top[2].first)
          for (auto& t : top)
            if (cell.first > t.first) std::swap(cell, t);
      rowmax_[r] = std::max(1, top[0].first);
      score_.lines += rowmax_[r];
    }
  }

  // The most lines of row r's cells outside the columns marked (all of them looked at when more
  // than two are).
  int rest_of_row(std::size_t r, std::size_t marked) const {
    if (marked < top_[r].size())
      for (const auto& [n, c] : top_[r])
        if (c == npos || !mark_[c]) return n;
    int most = 0;
    for (std::size_t c = 0; c < cols_; ++c)
      if (!mark_[c]) most = std::max(most, cur_[c][r]);
    return most;
  }

  // The score with the columns of `ch` at their new widths, looking only at the rows where
  // their lines may change, and at a row whole only where a column that made its height loses
  // a line.
  Score score_of(const Change& ch) const {
    Score s = score_;
    std::vector<const std::vector<int>*>& now = now_;
    now.clear();
    for (const auto& [c, w] : ch) {
      s.short_pt += shortfall(c, w) - shortfall(c, w_[c]);
      s.wrapped += wrapped(c, w) - wrapped(c, w_[c]);
      now.push_back(&lines_of(c, w).lines);
      mark_[c] = 1;
    }
    ++tick_;
    for (const auto& [col, width] : ch)
      for (std::size_t k = 0, n = changing(col, w_[col], width); k < n; ++k, ++work_) {
        const std::size_t r = order_[col][k];
        if (stamp_[r] == tick_) continue;
        stamp_[r] = tick_;
        int up = 0;
        bool down = false;
        for (std::size_t i = 0; i < ch.size(); ++i) {
          const int was = cur_[ch[i].first][r], is = (*now[i])[r];
          up = std::max(up, is);
          down = down || (is < was && was == rowmax_[r]);
        }
        if (down) up = std::max(up, rest_of_row(r, ch.size()));
        s.lines += (down ? up : std::max(up, rowmax_[r])) - rowmax_[r];
      }
    for (const auto& [c, w] : ch) mark_[c] = 0;
    return s;
  }

  // The lines a column's change costs alone. The rows' heights are their cells' most, so the
  // changes of a move together cost at least what each costs alone.
  long alone(std::size_t c, double w) const {
    Lines& l = lines_of(c, w);
    if (!l.alone) l.alone = score_of({{c, w}}).lines - score_.lines;
    return *l.alone;
  }

  Change move_of(const Candidate& m) const {
    Change ch = given_[m.given];
    if (m.from != npos)
      ch.emplace_back(m.from, w_[m.from] - m.amount);
    else
      ch.insert(ch.end(), taken_[m.taken].begin(), taken_[m.taken].end());
    return ch;
  }

  // How far the fixed columns are below their natural widths after a move.
  double short_after(const Candidate& m) const {
    double pt = score_.short_pt;
    const auto add = [&](const Change& ch) {
      for (const auto& [c, w] : ch) pt += shortfall(c, w) - shortfall(c, w_[c]);
    };
    add(given_[m.given]);
    if (m.from != npos)
      pt += shortfall(m.from, w_[m.from] - m.amount) - shortfall(m.from, w_[m.from]);
    else
      add(taken_[m.taken]);
    return pt;
  }

  // The move that lowers the score most. The moves are looked at least bound first (a bound on
  // the score: on its cost, with how far the fixed columns are left short), a bound made closer
  // (with what the columns width is taken from lose alone) before the move is worked out; none
  // whose bound cannot beat the best found is looked at further.
  std::optional<Change> best_move() {
    struct Look {
      Score bound;  // its lines the bound on the cost, wrapped 0
      bool closer;  // the bound with the takers' losses
      std::size_t k;
      bool operator>(const Look& o) const {  // later in the queue
        if (bound < o.bound || o.bound < bound) return o.bound < bound;
        if (closer != o.closer) return !closer;
        return k > o.k;
      }
    };
    std::vector<Look> queue;
    for (std::size_t k = 0; k < moves_.size(); ++k)
      queue.push_back({{moves_[k].bound, 0, short_after(moves_[k])}, false, k});
    std::make_heap(queue.begin(), queue.end(), std::greater<>());
    std::optional<std::pair<Score, std::size_t>> best;
    while (!queue.empty()) {
      std::pop_heap(queue.begin(), queue.end(), std::greater<>());
      Look l = queue.back();
      queue.pop_back();
      if (!(l.bound < (best ? best->first : score_))) break;
      const Candidate& m = moves_[l.k];
      if (!l.closer) {
        if (m.from != npos)
          l.bound.lines += alone(m.from, w_[m.from] - m.amount);
        else
          for (const auto& [c, w] : taken_[m.taken]) l.bound.lines += alone(c, w);
        l.closer = true;
        queue.push_back(l);
        std::push_heap(queue.begin(), queue.end(), std::greater<>());
        continue;
      }
      const Score s = score_of(move_of(m));
      if (s < score_ && (!best || s < best->first)) best = {s, l.k};
    }
    if (!best) return std::nullopt;
    return move_of(moves_[best->second]);
  }

  // A step of width from one column to another: to a column that saves a line with it, or to a
  // fixed one short of its natural width.
  void step_moves(double step) {
    const long now = score_.cost();
    for (std::size_t j = 0; j < cols_; ++j) {
      const double up = std::min(step, hi(j) - w_[j]);
      if (up <= 1e-6) continue;
      const long gain = now + alone(j, w_[j] + up) + wrapped_cost(j, w_[j] + up);
      if (!m_.fixed[j] && gain >= now) continue;
      std::size_t whole = npos;  // the set of j at w + up
      for (std::size_t i = 0; i < cols_; ++i) {
        const double a = std::min(up, w_[i] - lo(i));
        if (i == j || a <= 1e-6) continue;
        // Less than a step (all the other can give) gains at most what the step would.
        const long bound = gain + wrapped_cost(i, w_[i] - a);
        if (bound > now) continue;
        if (a < up || whole == npos) given_.push_back({{j, w_[j] + a}});
        if (a == up && whole == npos) whole = given_.size() - 1;
        moves_.push_back({bound, a == up ? whole : given_.size() - 1, i, a, 0});
      }
    }
  }

  // The widths column j's cells lose a line at, on the rows whose height they make: the
  // nearest three above its width.
  std::vector<double> breakpoints(std::size_t j) const {
    std::vector<double> out;  // the nearest, in order, none within a hair of another
    for (std::size_t r = 0; r < rows_; ++r)
      if (const int n = cur_[j][r]; n > 1 && n == rowmax_[r]) {
        const double b = std::min(hi(j), nat_[j][r] / (n - 1) + 2 * m_.pad);
        if (b <= w_[j] + 1e-6) continue;
        auto at = std::lower_bound(out.begin(), out.end(), b - 1e-6);
        if (at != out.end() && *at - b < 1e-6) continue;
        if (at - out.begin() < 3) out.insert(at, b);
        if (out.size() > 3) out.pop_back();
      }
    return out;
  }

  // Column j at `target`, and each column tied with it on the rows that saves a line on, at
  // the width its cell there loses that line at.
  Change raise_to(std::size_t j, double target) const {
    std::vector<double> need(cols_, 0.0);
    const std::vector<int>& there = lines_of(j, target).lines;
    for (std::size_t r = 0; r < rows_; ++r) {
      const int n = cur_[j][r];
      if (n < 2 || n != rowmax_[r] || there[r] >= n) continue;
      for (std::size_t c = 0; c < cols_; ++c)
        if (c != j && cur_[c][r] == n)
          need[c] = std::max(need[c], nat_[c][r] / (n - 1) + 2 * m_.pad);
    }
    Change ch{{j, target}};
    for (std::size_t c = 0; c < cols_; ++c)
      if (need[c] > w_[c] + 1e-6) ch.emplace_back(c, std::min(hi(c), need[c]));
    return ch;
  }

  // Raising a column to where its cells lose a line, the width taken from one other column, or
  // from all of them (the widest text columns first).
  void need_moves() {
    const long now = score_.cost();
    for (std::size_t j = 0; j < cols_; ++j)
      for (double target : breakpoints(j)) {
        Change up = raise_to(j, target);
        const long gain = score_of(up).cost();
        if (gain > now) continue;
        double need = 0;
        std::vector<bool> other(cols_, true), text(cols_);
        for (const auto& [c, w] : up) need += w - w_[c], other[c] = false;
        given_.push_back(std::move(up));
        for (std::size_t i = 0; i < cols_; ++i) {
          text[i] = other[i] && !m_.fixed[i];
          if (other[i] && w_[i] - lo(i) >= need - 1e-9)
            if (const long bound = gain + wrapped_cost(i, w_[i] - need); bound <= now)
              moves_.push_back({bound, given_.size() - 1, i, need, 0});
        }
        std::vector<double> w2 = w_;
        if (const double rest = shrink(w2, m_.minimum, text, need);
            rest > 1e-6 && shrink(w2, m_.minimum, other, rest) > 1e-6)
          continue;
        Change from;
        for (std::size_t c = 0; c < cols_; ++c)
          if (other[c] && w2[c] != w_[c]) from.emplace_back(c, w2[c]);
        if (const long bound = gain + wrapped_cost(from); bound <= now) {
          taken_.push_back(std::move(from));
          moves_.push_back({bound, given_.size() - 1, npos, 0, taken_.size() - 1});
        }
      }
  }

  const ColumnMeasures& m_;
  std::size_t rows_, cols_;
  std::vector<double> w_;
  std::vector<std::vector<double>> nat_;         // each column's cells' natural widths
  std::vector<std::vector<std::size_t>> order_;  // each column's rows, widest cell first
  std::vector<std::vector<int>> cur_;            // each column's cells' lines at its width
  std::vector<int> rowmax_;                      // each row's lines: its cells' most
  std::vector<std::array<std::pair<int, std::size_t>, 3>> top_;  // each row's three most
  Score score_;
  mutable std::vector<std::deque<Lines>> cache_;  // lines_of's: the first cached_ until the move
  mutable std::vector<std::size_t> cached_;
  mutable std::vector<const std::vector<int>*> now_;  // score_of's columns' lines
  mutable std::vector<char> mark_;                    // score_of's columns
  mutable std::vector<unsigned> stamp_;               // score_of's rows, by its tick
  mutable unsigned tick_ = 0;
  mutable std::size_t work_ = 0;  // rows looked at and cells' lines worked out
  std::vector<Candidate> moves_;  // the moves to look at, and their sets of columns
  std::vector<Change> given_, taken_;
};

double sum(const std::vector<double>& v) {
  double total = 0;
  for (double x : v) total += x;
  return total;
}

}  // namespace

bool minimums_fit(const ColumnMeasures& m, double width) {
  return sum(m.natural) <= width || sum(m.minimum) <= width + 0.01;
}

std::optional<std::vector<double>> water_fill(const ColumnMeasures& m, double width) {
  const std::size_t n = m.natural.size();
  std::vector<double> widths = m.natural;
  std::vector<bool> text(n), all(n, true);
  for (std::size_t c = 0; c < n; ++c) text[c] = !m.fixed[c];
  double excess = shrink(widths, m.minimum, text, sum(m.natural) - width);
  if (excess > 0) excess = shrink(widths, m.minimum, all, excess);
  if (excess > 0.01) return std::nullopt;
  return widths;
}

long estimated_lines(const ColumnMeasures& m, const std::vector<double>& widths) {
  long lines = 0;
  for (const auto& row : m.cell_natural) {
    int most = 1;
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
      most = std::max(most, cell_lines(row[c], widths[c] - 2 * m.pad));
    lines += most;
  }
  return lines;
}

std::optional<std::vector<double>> column_widths(const ColumnMeasures& m, double width) {
  const double total = sum(m.natural);
  if (total <= width) {
    std::vector<double> widths = m.natural;
    for (double& w : widths) w += (width - total) / static_cast<double>(widths.size());
    return widths;
  }
  auto start = water_fill(m, width);
  if (!start) return std::nullopt;
  // Two more starts, the one estimated lowest taken: all the columns shrunk to a common level,
  // and each the same share of the way from its minimum to its natural width.
  const auto cost = [&](const std::vector<double>& w) {
    long n = 0;
    for (std::size_t c = 0; c < w.size(); ++c) n += m.fixed[c] && w[c] < m.natural[c] - 1e-6;
    return estimated_lines(m, w) + wrapped_fixed_lines * n;
  };
  std::vector<double> level = m.natural, share = m.minimum;
  if (shrink(level, m.minimum, std::vector<bool>(level.size(), true), total - width) <= 1e-6 &&
      cost(level) < cost(*start))
    *start = level;
  double room = 0;
  for (std::size_t c = 0; c < share.size(); ++c) room += std::max(0.0, m.natural[c] - m.minimum[c]);
  if (const double spare = width - sum(m.minimum); room > 0 && spare >= 0) {
    for (std::size_t c = 0; c < share.size(); ++c)
      share[c] += std::max(0.0, m.natural[c] - m.minimum[c]) * spare / room;
    if (cost(share) < cost(*start)) *start = share;
  }
  return WidthSearch(m, std::move(*start)).run();
}

}  // namespace jb::layout::detail
