// The calibration solver (calibration_solver.hpp), the one file that uses Eigen.
#include "calibration_solver.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cassert>
#include <cmath>

namespace attestplan::calibration {

namespace {

/// The free parameters' indices.
std::vector<std::size_t> free_indices(const LinearisedFit& fit) {
  std::vector<std::size_t> out;
  for (std::size_t j = 0; j < fit.free.size(); ++j) {
    if (fit.free[j]) out.push_back(j);
  }
  return out;
}

/// JᵀW²J + λI over the free parameters, and JᵀW²z + λ·prior, with z the observation less what the
/// model gives apart from the free parameters' share.
void normal_equations(const LinearisedFit& fit, const std::vector<bool>& use,
                      const std::vector<std::size_t>& f, Eigen::MatrixXd& q, Eigen::VectorXd& c) {
  const auto p = static_cast<Eigen::Index>(f.size());
  q = Eigen::MatrixXd::Identity(p, p) * fit.prior_weight;
  c = Eigen::VectorXd::Zero(p);
  for (Eigen::Index k = 0; k < p; ++k)
    c(k) = fit.prior_weight * fit.prior[f[static_cast<std::size_t>(k)]];
  Eigen::VectorXd row(p);
  for (std::size_t i = 0; i < fit.observed.size(); ++i) {
    if (!use.empty() && !use[i]) continue;
    const double w2 = fit.weight[i] * fit.weight[i];
    double z = fit.observed[i] - fit.modelled[i];
    for (Eigen::Index k = 0; k < p; ++k) {
      const auto j = f[static_cast<std::size_t>(k)];
      row(k) = fit.jacobian[i][j];
      z += fit.jacobian[i][j] * fit.theta[j];
    }
    q.noalias() += w2 * row * row.transpose();
    c.noalias() += w2 * z * row;
  }
}

}  // namespace

std::vector<double> solve_step(const LinearisedFit& fit, const std::vector<bool>& use) {
  assert(fit.prior_weight > 0);  // the prior keeps the quadratic strictly convex
  const auto f = free_indices(fit);
  std::vector<double> x = fit.theta;
  if (f.empty()) return x;
  Eigen::MatrixXd q;
  Eigen::VectorXd c;
  normal_equations(fit, use, f, q, c);
  const auto p = static_cast<Eigen::Index>(f.size());
  Eigen::VectorXd v(p);
  for (Eigen::Index k = 0; k < p; ++k) {
    const auto j = f[static_cast<std::size_t>(k)];
    v(k) = std::clamp(fit.theta[j], fit.lower[j], fit.upper[j]);
  }
  // Start from the unconstrained minimiser, clamped: most fits never touch a bound, and then one
  // sweep confirms it.
  const Eigen::VectorXd unconstrained = q.ldlt().solve(c);
  if (unconstrained.allFinite()) {
    for (Eigen::Index k = 0; k < p; ++k) {
      const auto j = f[static_cast<std::size_t>(k)];
      v(k) = std::clamp(unconstrained(k), fit.lower[j], fit.upper[j]);
    }
  }
  for (int sweep = 0; sweep < 20000; ++sweep) {
    double moved = 0;
    for (Eigen::Index k = 0; k < p; ++k) {
      const auto j = f[static_cast<std::size_t>(k)];
      const double rest = q.row(k).dot(v) - q(k, k) * v(k);
      const double next = std::clamp((c(k) - rest) / q(k, k), fit.lower[j], fit.upper[j]);
      moved = std::max(moved, std::abs(next - v(k)));
      v(k) = next;
    }
    if (moved < 1e-12) break;
  }
  for (Eigen::Index k = 0; k < p; ++k) x[f[static_cast<std::size_t>(k)]] = v(k);
  return x;
}

std::vector<double> posterior_sd(const LinearisedFit& fit, double residual_variance) {
  const auto f = free_indices(fit);
  std::vector<double> sd(fit.theta.size(), 0.0);
  if (f.empty()) return sd;
  Eigen::MatrixXd q;
  Eigen::VectorXd c;
  normal_equations(fit, {}, f, q, c);
  const auto p = static_cast<Eigen::Index>(f.size());
  const Eigen::MatrixXd cov = q.ldlt().solve(Eigen::MatrixXd::Identity(p, p)) * residual_variance;
  for (Eigen::Index k = 0; k < p; ++k)
    sd[f[static_cast<std::size_t>(k)]] = std::sqrt(std::max(0.0, cov(k, k)));
  return sd;
}

}  // namespace attestplan::calibration
