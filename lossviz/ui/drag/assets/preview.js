// The drag preview's arithmetic: pure functions of plain arrays, no DOM.
// tests/test_drag.py runs them in Chromium against lossviz's core (lv.sum_squared_error,
// lv.cross_entropy_error) and asks for agreement to 1e-12; δ comes from Python (lv.DELTA).

/** Per-class terms ½(y_j − t_j)² of the squared error. */
export function squaredErrorTerms(y, t) {
  return y.map((v, j) => 0.5 * (v - t[j]) ** 2);
}

/** Squared error E = ½ Σ (y − t)², summed over every class as in the book. */
export function sumSquaredError(y, t) {
  let sum = 0;
  for (let j = 0; j < y.length; j++) sum += (y[j] - t[j]) ** 2;
  return 0.5 * sum;
}

/** Per-class terms −t_j log(y_j + δ); exactly 0 where t_j = 0 (as lv.cross_entropy_terms). */
export function crossEntropyTerms(y, t, delta) {
  return y.map((v, j) => (t[j] === 0 ? 0 : -t[j] * Math.log(v + delta)));
}

/** Per-class slopes ∂E/∂y_j = y_j − t_j of the squared error (as lv.sum_squared_error_grad). */
export function squaredErrorSlopes(y, t) {
  return y.map((v, j) => v - t[j]);
}

/** Per-class slopes ∂E/∂y_j = −t_j / (y_j + δ) of the cross-entropy error; 0 where t_j = 0. */
export function crossEntropySlopes(y, t, delta) {
  return y.map((v, j) => (t[j] === 0 ? 0 : -t[j] / (v + delta)));
}

/**
 * The value a full bar stands for, one scale for both losses' terms: the largest term of either,
 * or 1 when none is positive (lossviz.views.comparison.bar_scales).
 */
export function barScale(squared, cross) {
  const top = Math.max(...squared, ...cross);
  return top > 0 ? top : 1;
}

/** How much of its cell a term's bar fills, in [0, 1] (a term below 0, −log(1 + δ), draws none). */
export function barShare(term, top) {
  return Math.min(1, Math.max(0, term / top));
}

/** Cross-entropy error E = −Σ t log(y + δ) of one sample. */
export function crossEntropyError(y, t, delta) {
  let sum = 0;
  for (let j = 0; j < y.length; j++) if (t[j] !== 0) sum -= t[j] * Math.log(y[j] + delta);
  return sum;
}

/** p kept inside [pMin, 1]. */
export function clampP(p, pMin) {
  return Math.min(1, Math.max(pMin, p));
}

/**
 * The prediction with p on class c and the other classes keeping their relative shares:
 * y_j(p) = (1 − p) · y_j / (1 − y_c) for j ≠ c, so y(y_c) = y; when the other classes hold
 * nothing (or y_c ≥ 1), they share 1 − p equally.
 */
export function pathY(y, c, p) {
  const free = 1 - y[c];
  let rest = 0;
  for (let j = 0; j < y.length; j++) if (j !== c) rest += y[j];
  const shared = !(free > 0 && rest > 0);
  return y.map((v, j) => (j === c ? p : shared ? (1 - p) / (y.length - 1) : ((1 - p) * v) / free));
}

/** Both losses along the path y(p) at each p of ps: {sse: [...], cee: [...]}. */
export function pathLosses(y, t, c, ps, delta) {
  const sse = [];
  const cee = [];
  for (const p of ps) {
    const yp = pathY(y, c, p);
    sse.push(sumSquaredError(yp, t));
    cee.push(crossEntropyError(yp, t, delta));
  }
  return { sse, cee };
}

/** p from pMin to 1 for drawing the curves: log-spaced below 0.1, where −log p is steep. */
export function pGrid(pMin, n) {
  const low = Array.from({ length: n }, (_, i) => pMin * (0.1 / pMin) ** (i / n));
  const high = Array.from({ length: n + 1 }, (_, i) => 0.1 + (0.9 * i) / n);
  return pMin < 0.1 ? [...low, ...high] : high.filter((p) => p >= pMin);
}

/**
 * p for drawing the curves of a y whose correct class has p below pMin (the article's p = 0):
 * pGrid, then down to p = δ log-spaced and p = 0, where δ caps −log(p + δ) at −log δ ≈ 16.1.
 * Otherwise pGrid alone.
 */
export function curveGrid(p, pMin, delta, n) {
  const grid = pGrid(pMin, n);
  if (!(p < pMin)) return grid;
  const cap = Array.from({ length: n }, (_, i) => delta * (pMin / delta) ** (i / n));
  return [0, ...cap, ...grid];
}

/** n values of p evenly spaced from pMin to 1: a sound's time runs along p as the chart's x does. */
export function evenP(pMin, n) {
  return Array.from({ length: n }, (_, i) => pMin + ((1 - pMin) * i) / (n - 1));
}

/**
 * The pitch of each loss in Hz for the audio trace: lowHz at 0, highHz at top, and between them
 * one octave per equal step of loss (a pitch heard as a height); clamped to [lowHz, highHz].
 */
export function tonePitches(losses, top, lowHz, highHz) {
  return Float32Array.from(losses, (v) => lowHz * (highHz / lowHz) ** Math.min(1, Math.max(0, v / top)));
}

/** p moved by step on the slider and kept in [pMin, 1], without binary noise (0.8 + 0.01 = 0.81). */
export function stepP(p, step, pMin) {
  return clampP(Math.round((p + step) * 1e6) / 1e6, pMin);
}

// The probability triangle (K = 3): class j sits at corner j; a point is Σ y_j · corner_j.
const HEIGHT = Math.sqrt(3) / 2;
export const CORNERS = [
  [0, 0],
  [1, 0],
  [0.5, HEIGHT],
];

/** The point of the triangle for y = (y_0, y_1, y_2), y scaled to sum to 1 first. */
export function toPlane(y) {
  const s = y[0] + y[1] + y[2];
  const [a, b, c] = s > 0 ? [y[0] / s, y[1] / s, y[2] / s] : [1 / 3, 1 / 3, 1 / 3];
  return [a * CORNERS[0][0] + b * CORNERS[1][0] + c * CORNERS[2][0], c * HEIGHT];
}

function closestOnSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const s = Math.min(1, Math.max(0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return [ax + s * dx, ay + s * dy];
}

function barycentric(x, h) {
  const c = h / HEIGHT;
  const b = x - 0.5 * c;
  return [1 - b - c, b, c];
}

/**
 * The prediction at plane point (x, h): barycentric coordinates of the nearest point of the
 * triangle, then at least pMin on class c (the other two keep their ratio).
 */
export function fromPlane(x, h, c, pMin) {
  let y = barycentric(x, h);
  if (y.some((v) => v < 0)) {
    let best = null;
    for (const [i, j] of [
      [0, 1],
      [1, 2],
      [2, 0],
    ]) {
      const q = closestOnSegment(x, h, CORNERS[i], CORNERS[j]);
      const d = (q[0] - x) ** 2 + (q[1] - h) ** 2;
      if (best === null || d < best.d) best = { q, d };
    }
    y = barycentric(best.q[0], best.q[1]);
  }
  y = y.map((v) => Math.min(1, Math.max(0, v)));
  const total = y[0] + y[1] + y[2];
  y = y.map((v) => v / total);
  return y[c] < pMin ? pathY(y, c, pMin) : y;
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

/**
 * A loss exactly as lossviz.words.formatting.format_loss writes it, so the drag's numbers read as
 * the page's: 4 decimals; as a power of ten at 2 significant digits (−1.0×10⁻⁷) when 4 decimals
 * would show only zeros; NaN and ∞ spelled out. Where x lies exactly halfway between two
 * 4-decimal numbers (an odd multiple of 1/32, such as 0.03125) it rounds half to even as Python
 * does; toFixed would round away from zero.
 */
export function formatLoss(x) {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  if (x !== 0 && Math.abs(x) < 5e-5) {
    const [mantissa, exponent] = Math.abs(x).toExponential(1).split("e");
    const power = String(Number(exponent)).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
    return `${x < 0 ? "−" : ""}${mantissa}×10${power}`;
  }
  const thirtySeconds = Math.abs(x) * 32; // exact: a power of two
  if (Number.isInteger(thirtySeconds) && thirtySeconds % 2 === 1) {
    const below = Math.floor(Math.abs(x) * 1e4); // exact: x · 10⁴ is a whole number and a half
    const even = below % 2 === 0 ? below : below + 1;
    return `${x < 0 ? "-" : ""}${(even / 1e4).toFixed(4)}`;
  }
  return x.toFixed(4); // −0 too gives "0.0000", as format_loss
}

/** A probability with 3 decimals (the keyboard's finest step is 0.01, the pointer's 0.001). */
export function formatP(p) {
  return p.toFixed(3);
}

/** template with each {name} replaced by values[name]. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}
