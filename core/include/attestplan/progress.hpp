// How a long run (a portfolio, a calibration) reports how far it is and learns that it must stop.
#pragma once

#include <cstddef>
#include <functional>

namespace attestplan {

/// Called after each unit of a long run's work (a model priced, an estimate of a history row)
/// with the units done and the units in all (0 when the run cannot know them ahead: a calibration
/// runs as many estimates as its fit needs). It returns whether the run goes on: false stops it at
/// the next unit, and what is left is not done. Called from the run's worker threads, one call at
/// a time.
using ProgressTick = std::function<bool(std::size_t done, std::size_t total)>;

}  // namespace attestplan
