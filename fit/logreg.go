package fit

import (
	"math"
)

// problem is a weighted logistic regression over binary features with
// soft targets, an offset per example, an L2 penalty and a box on each
// coefficient:
//
//	minimise  Σ_i w_i · CE(y_i, σ(o_i + Σ_j β_j x_ij)) + λ/2 · Σ_j (β_j - c_j)²
//	subject to lo_j ≤ β_j ≤ hi_j
//
// where CE is the cross-entropy and x_ij is 1 when feature j is among
// example i's features. A rule's coefficient is its signed weight: a noise
// rule's lies in (-∞, 0], a content rule's in [0, ∞).
type problem struct {
	y, w, off []float64 // per example
	cols      [][]int32 // per feature: the examples it is present in
	lo, hi    []float64 // per feature
	lambda    []float64 // per feature: its L2 penalty
	center    []float64 // per feature: where the penalty is centred (nil: 0)
}

// Solver limits.
const (
	maxSweeps = 2000
	// tol is the largest change of a coefficient in a sweep at which the
	// solution counts as found.
	tol = 1e-6
	// maxStep bounds one coordinate's change in one step (a trust region:
	// the Newton step of a feature that separates the data is huge).
	maxStep = 2.0
)

// solve minimises the problem by cyclic coordinate descent from beta (which
// it updates), each step a Newton step on one coefficient clipped to its
// box, and returns the number of sweeps taken. It is deterministic.
func (pb *problem) solve(beta []float64) int {
	z := make([]float64, len(pb.y))
	copy(z, pb.off)
	for j, col := range pb.cols {
		if beta[j] != 0 {
			for _, i := range col {
				z[i] += beta[j]
			}
		}
	}
	p := make([]float64, len(z))
	for i := range z {
		p[i] = sigmoid(z[i])
	}
	for sweep := 1; sweep <= maxSweeps; sweep++ {
		biggest := 0.0
		for j, col := range pb.cols {
			if len(col) == 0 {
				continue
			}
			g, h := pb.lambda[j]*(beta[j]-pb.c(j)), pb.lambda[j]+1e-12
			for _, i := range col {
				g += pb.w[i] * (p[i] - pb.y[i])
				h += pb.w[i] * p[i] * (1 - p[i])
			}
			step := -g / h
			step = max(-maxStep, min(maxStep, step))
			nb := max(pb.lo[j], min(pb.hi[j], beta[j]+step))
			d := nb - beta[j]
			if d == 0 {
				continue
			}
			beta[j] = nb
			for _, i := range col {
				z[i] += d
				p[i] = sigmoid(z[i])
			}
			biggest = max(biggest, math.Abs(d))
		}
		if biggest < tol {
			return sweep
		}
	}
	return maxSweeps
}

// c returns feature j's penalty centre.
func (pb *problem) c(j int) float64 {
	if pb.center == nil {
		return 0
	}
	return pb.center[j]
}

func sigmoid(z float64) float64 {
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}
