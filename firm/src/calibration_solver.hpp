// The calibration's numerics behind a plain interface (Eigen stays in calibration_solver.cpp): one
// bounded, weighted least-squares step with a prior towards the defaults, and how well the rows
// pin each parameter down.
#pragma once

#include <cstddef>
#include <vector>

namespace attestplan::calibration {

/// A weighted least-squares problem linearised at `theta`. Observation i (one engagement's hours
/// in one audit stage) is `observed[i]`; the model gives `modelled[i]` at `theta` and moves by
/// `jacobian[i][j]` per unit of parameter j. The step minimises
///   Σ_i weight[i]² (observed[i] − modelled[i] − Σ_j jacobian[i][j] (x_j − theta_j))²
///     + prior_weight Σ_j (x_j − prior_j)²
/// over lower ≤ x ≤ upper, for the parameters marked free; the others stay at theta.
struct LinearisedFit {
  std::vector<std::vector<double>> jacobian;
  std::vector<double> observed, modelled, weight;
  std::vector<double> theta, prior, lower, upper;
  std::vector<bool> free;
  double prior_weight = 0;
};

/// The minimiser x over the observations with `use[i]` true (all when `use` is empty): a convex
/// quadratic over a box, solved by cyclic coordinate descent to convergence.
std::vector<double> solve_step(const LinearisedFit& fit, const std::vector<bool>& use = {});

/// The standard deviation of each free parameter's estimate: the square roots of the diagonal of
/// residual_variance × (JᵀW²J + prior_weight·I)⁻¹ over the free parameters (0 for fixed ones).
std::vector<double> posterior_sd(const LinearisedFit& fit, double residual_variance);

}  // namespace attestplan::calibration
