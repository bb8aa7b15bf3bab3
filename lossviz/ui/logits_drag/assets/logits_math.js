// The logits view's arithmetic, the same formulas as the core's (tests/test_logits_view.py
// compares them): softmax with the max-shift, both losses, and ∂E/∂z of both through the
// softmax's Jacobian (lossviz.maths.network.logit_gradients).

/** softmax(z)_k = exp(z_k − max z) / Σ_j exp(z_j − max z). */
export function softmax(z) {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** ½ Σ (y − t)². */
export function squaredError(y, t) {
  return 0.5 * y.reduce((s, v, k) => s + (v - t[k]) ** 2, 0);
}

/** −Σ t log(y + δ), 0 where t = 0. */
export function crossEntropy(y, t, delta) {
  return -y.reduce((s, v, k) => s + (t[k] === 0 ? 0 : t[k] * Math.log(v + delta)), 0);
}

/** Jᵀ g for y = softmax(z): y ⊙ (g − Σ y g). */
export function softmaxBackward(y, g) {
  const dot = y.reduce((s, v, k) => s + v * g[k], 0);
  return y.map((v, k) => v * (g[k] - dot));
}

/** ∂E/∂z of both losses: {squared: J(y − t), crossEntropy: J(−t/(y + δ))}. */
export function logitGradients(y, t, delta) {
  return {
    squared: softmaxBackward(y, y.map((v, k) => v - t[k])),
    crossEntropy: softmaxBackward(y, y.map((v, k) => (t[k] === 0 ? 0 : -t[k] / (v + delta)))),
  };
}
