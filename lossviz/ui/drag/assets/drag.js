// The drag component. plotly.js draws what depends on t alone (axes, the −log(p + δ) curve,
// the triangle); what depends on y (the points, the squared error along the drag path) is an
// SVG layer over the plot area, moved every frame: re-plotting costs 13–60 ms a frame, moving
// a few SVG attributes well under 1 ms. Every number comes from preview.js; every word from
// data.labels. On release, or once the keys pause, the new y goes to Python as "commit".

import {
  CORNERS,
  barScale,
  barShare,
  clampP,
  curveGrid,
  crossEntropyError,
  crossEntropySlopes,
  crossEntropyTerms,
  evenP,
  fill,
  formatLoss,
  formatP,
  fromPlane,
  pathLosses,
  pathY,
  squaredErrorSlopes,
  squaredErrorTerms,
  stepP,
  sumSquaredError,
  toPlane,
  tonePitches,
} from "./preview.js";

const KEY_COMMIT_MS = 400; // keys commit once the reader pauses, not on every step
const SIDEWAYS_PX = 8; // a touch on the p chart drags once it has moved this far, more across than down
const GRID_POINTS = 120;
const FRAME_MEASURE = "lossviz-drag-frame"; // read by benchmarks/drag_latency.py
const P_STEPS = { ArrowRight: 0.01, ArrowUp: 0.01, ArrowLeft: -0.01, ArrowDown: -0.01, PageUp: 0.1, PageDown: -0.1 };
const PLANE_STEPS = { ArrowRight: [0.01, 0], ArrowLeft: [-0.01, 0], ArrowUp: [0, 0.01], ArrowDown: [0, -0.01] };
// The audio trace (as Desmos plays a graph): cross-entropy along p, then squared error, each for
// TONE_SECONDS, pitch rising with the loss on one scale for both, so the two curves are compared by ear.
const TONE_SECONDS = 2.5;
const TONE_POINTS = 200;
const LOW_HZ = 220;
const HIGH_HZ = 880;
const CONFIG = { displayModeBar: false, scrollZoom: false, doubleClick: false, showTips: false };

/** Linear map between a chart's data coordinates and pixels of its plot area. */
function scale(box, xr, yr) {
  return {
    ...box,
    x: (v) => ((v - xr[0]) / (xr[1] - xr[0])) * box.width,
    y: (v) => (1 - (v - yr[0]) / (yr[1] - yr[0])) * box.height,
    fromX: (px) => xr[0] + (px / box.width) * (xr[1] - xr[0]),
    fromY: (px) => yr[0] + (1 - px / box.height) * (yr[1] - yr[0]),
  };
}

/** One mounted component: its DOM, its data from Python and the y being dragged. */
class Drag {
  constructor(root) {
    this.root = root;
    this.panels = {};
    for (const name of ["curve", "simplex"]) {
      const panel = this.el(`panel-${name}`);
      const marks = {};
      for (const mark of panel.querySelectorAll("[data-mark]")) marks[mark.dataset.mark] = mark;
      this.panels[name] = {
        name,
        panel,
        plot: panel.querySelector(".lv-drag-plot"),
        surface: panel.querySelector(".lv-drag-surface"),
        svg: panel.querySelector(".lv-drag-marks"),
        handle: panel.querySelector(".lv-drag-handle"),
        marks,
        scale: null,
      };
      this.listen(this.panels[name]);
    }
    this.dragging = null;
    this.pointer = null;
    this.frame = 0;
    this.keyTimer = 0;
    this.plotly = null;
    this.el("listen").addEventListener("click", () => this.play());
    new ResizeObserver(() => this.resize()).observe(root);
  }

  /** Play both curves along p as pitch (a button: the keyboard starts it as the pointer does). */
  play() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context || !this.data) return;
    this.audio = this.audio || new Context();
    this.audio.resume();
    const { p_min: pMin, delta, labels } = this.data;
    const along = pathLosses(this.y, this.t, this.c, evenP(pMin, TONE_POINTS), delta);
    const top = this.top();
    let start = this.audio.currentTime + 0.05;
    for (const losses of [along.cee, along.sse]) {
      const tone = this.audio.createOscillator();
      const gain = this.audio.createGain();
      tone.frequency.setValueCurveAtTime(tonePitches(losses, top, LOW_HZ, HIGH_HZ), start, TONE_SECONDS);
      gain.gain.setValueAtTime(0.2, start);
      gain.gain.setTargetAtTime(0, start + TONE_SECONDS - 0.1, 0.03); // no click at the end
      tone.connect(gain).connect(this.audio.destination);
      tone.start(start);
      tone.stop(start + TONE_SECONDS);
      start += TONE_SECONDS + 0.4;
    }
    this.el("live").textContent = labels.listening;
  }

  el(name) {
    return this.root.querySelector(`[data-lv="${name}"]`);
  }

  /** New data from Python (first mount, or a rerun that changed it). */
  connect({ data, setTriggerValue }) {
    const first = !this.data;
    this.commitTo = setTriggerValue;
    this.data = data;
    this.t = data.t;
    this.c = data.t.indexOf(1);
    this.simplex = data.simplex && data.t.length === 3;
    this.theme = this.loader ? this.loader.themeOf(this.root) : null;
    this.root.style.setProperty("--lv-sse", data.colors.sse);
    this.root.style.setProperty("--lv-cee", data.colors.cee);
    this.root.style.setProperty("--lv-mark", data.colors.mark);
    if (!this.dragging && !this.keyTimer) this.y = data.y.slice();
    this.grid = curveGrid(this.y[this.c], data.p_min, data.delta, GRID_POINTS);
    this.panels.simplex.panel.hidden = !this.simplex;
    this.root.classList.toggle("lv-drag-two", this.simplex);
    this.el("table").hidden = !data.table;
    this.root.classList.toggle("lv-drag-slopes", data.slopes);
    this.writeLabels();
    if (first) this.load();
    this.draw();
  }

  load() {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = new URL(this.data.assets.css, document.baseURI).href;
    this.root.prepend(css);
    const url = (name) => new URL(this.data.assets[name], document.baseURI).href;
    // plotly.js and its loader are shared with the page's other charts (lossviz/ui/web/).
    import(url("loader"))
      .then((loader) => {
        this.loader = loader;
        return loader.loadPlotly(url("plotly"));
      })
      .then(
      (plotly) => {
        this.plotly = plotly;
        this.theme = this.loader.themeOf(this.root);
        this.root.dataset.state = "ready";
        this.draw();
      },
      (error) => {
        this.root.dataset.state = "failed";
        this.el("status").textContent = fill(this.data.labels.failed, { error: error.message });
      },
    );
  }

  writeLabels() {
    const L = this.data.labels;
    for (const el of this.root.querySelectorAll("[data-text]")) el.textContent = L[el.dataset.text];
    const { curve, simplex } = this.panels;
    for (const { handle } of [curve, simplex]) {
      handle.setAttribute("aria-valuemin", String(this.data.p_min));
      handle.setAttribute("aria-valuemax", "1");
    }
    curve.handle.setAttribute("aria-label", L.slider);
    simplex.handle.setAttribute("aria-label", L.simplex_slider);
    simplex.handle.setAttribute("aria-roledescription", L.simplex_role);
    this.el("table").setAttribute("aria-label", L.table);
    if (this.root.dataset.state === "loading") this.el("status").textContent = L.loading;
  }

  // ---- drawing -----------------------------------------------------------------------------

  /** Plot what depends on t (again only if that changed: a commit's rerun changes y), show y. */
  draw() {
    const { t, labels, colors, p_min, delta, text_px, height_px } = this.data;
    const figure = JSON.stringify([t, labels, colors, p_min, delta, this.simplex, this.theme, this.top(), text_px, height_px]);
    if (this.plotly && figure !== this.figure) {
      this.figure = figure;
      for (const panel of Object.values(this.panels)) panel.plot.style.height = height_px ? `${height_px}px` : "";
      const curve = this.panels.curve;
      this.plotly.react(curve.plot, this.curveTraces(), this.curveLayout(), CONFIG);
      this.watch(curve);
      if (this.simplex) {
        const tri = this.panels.simplex;
        this.plotly.react(tri.plot, this.simplexTraces(), this.simplexLayout(), CONFIG);
        this.watch(tri);
      }
      this.measure();
    }
    this.show();
  }

  watch(state) {
    if (state.watched) return;
    state.watched = true;
    state.plot.on("plotly_afterplot", () => {
      this.measure();
      this.show();
    });
  }

  /** Where each plot area is now: the surfaces cover them and the scales map into them. */
  measure() {
    for (const state of Object.values(this.panels)) {
      const full = state.plot._fullLayout;
      if (!full || state.panel.hidden) continue;
      const xa = full.xaxis;
      const ya = full.yaxis;
      const box = { left: xa._offset, top: ya._offset, width: xa._length, height: ya._length };
      state.scale = scale(box, xa.range, ya.range);
      Object.assign(state.surface.style, {
        left: `${box.left}px`,
        top: `${box.top}px`,
        width: `${box.width}px`,
        height: `${box.height}px`,
      });
      state.svg.setAttribute("viewBox", `0 0 ${box.width} ${box.height}`);
    }
  }

  /** Show this.y: numbers, table, accessible values, and the marks on the charts. */
  show() {
    const start = performance.now();
    const { y, t, c } = this;
    const delta = this.data.delta;
    const sse = sumSquaredError(y, t);
    const cee = crossEntropyError(y, t, delta);
    const p = y[c];
    const values = {
      p: formatP(p),
      sse: formatLoss(sse),
      cee: formatLoss(cee),
      y: y.map((v) => v.toFixed(3)).join(", "),
    };
    this.values = values;
    this.el("sse").textContent = values.sse;
    this.el("cee").textContent = values.cee;
    this.el("p").textContent = values.p;
    this.writeTerms(delta);
    const L = this.data.labels;
    const { curve, simplex } = this.panels;
    curve.handle.setAttribute("aria-valuenow", String(p));
    curve.handle.setAttribute("aria-valuetext", fill(L.valuetext, values));
    simplex.handle.setAttribute("aria-valuenow", String(p));
    simplex.handle.setAttribute("aria-valuetext", fill(L.simplex_valuetext, values));
    if (curve.scale) this.markCurve(curve, p, sse, cee);
    if (this.simplex && simplex.scale) this.markSimplex(simplex);
    performance.measure(FRAME_MEASURE, { start });
  }

  /**
   * Every class's row: t, y, both terms with their bars on one scale (the largest term of either
   * loss fills a cell) and, when asked, both slopes ∂E/∂y.
   */
  writeTerms(delta) {
    const { y, t } = this;
    const body = this.el("terms");
    const squared = squaredErrorTerms(y, t);
    const cross = crossEntropyTerms(y, t, delta);
    const slopes = [squaredErrorSlopes(y, t), crossEntropySlopes(y, t, delta)];
    const top = barScale(squared, cross);
    while (body.rows.length > y.length) body.deleteRow(-1);
    while (body.rows.length < y.length) {
      const row = body.insertRow();
      for (let i = 0; i < 7; i++) row.insertCell();
      row.cells[3].className = "lv-drag-bar lv-drag-bar-sse";
      row.cells[4].className = "lv-drag-bar lv-drag-bar-cee";
    }
    for (let j = 0; j < y.length; j++) {
      const row = body.rows[j];
      row.classList.toggle("lv-drag-correct", j === this.c);
      const texts = [
        fill(this.data.labels.class_name, { k: j }),
        String(t[j]),
        y[j].toFixed(4),
        formatLoss(squared[j]),
        formatLoss(cross[j]),
        formatLoss(slopes[0][j]),
        formatLoss(slopes[1][j]),
      ];
      texts.forEach((text, i) => {
        if (row.cells[i].textContent !== text) row.cells[i].textContent = text;
      });
      for (const [cell, term] of [
        [row.cells[3], squared[j]],
        [row.cells[4], cross[j]],
      ]) {
        cell.style.setProperty("--lv-bar", `${(100 * barShare(term, top)).toFixed(2)}%`);
      }
    }
  }

  markCurve(state, p, sse, cee) {
    const s = state.scale;
    const along = pathLosses(this.y, this.t, this.c, this.grid, this.data.delta).sse;
    const d = along.map((v, i) => `${i ? "L" : "M"}${s.x(this.grid[i]).toFixed(1)},${s.y(v).toFixed(1)}`);
    state.marks["sse-path"].setAttribute("d", d.join(""));
    for (const [name, value] of [
      ["cee", cee],
      ["sse", sse],
    ]) {
      state.marks[name].setAttribute("cx", s.x(p).toFixed(1));
      state.marks[name].setAttribute("cy", s.y(value).toFixed(1));
    }
    state.handle.style.transform = `translate(${s.x(p)}px, ${s.y(cee)}px)`;
  }

  markSimplex(state) {
    const s = state.scale;
    const [x, h] = toPlane(this.y);
    const [a, b] = [pathY(this.y, this.c, 0), pathY(this.y, this.c, 1)].map(toPlane);
    state.marks.path.setAttribute("d", `M${s.x(a[0])},${s.y(a[1])}L${s.x(b[0])},${s.y(b[1])}`);
    state.marks.point.setAttribute("cx", s.x(x).toFixed(1));
    state.marks.point.setAttribute("cy", s.y(h).toFixed(1));
    state.handle.style.transform = `translate(${s.x(x)}px, ${s.y(h)}px)`;
  }

  base(title, margin) {
    const { text, font } = this.theme;
    const size = this.data.text_px || 12; // larger on a projected slide
    const k = 1 + (size / 12 - 1) / 2; // margins hold ticks and axis titles: they grow with the text
    margin = Object.fromEntries(Object.entries(margin).map(([side, px]) => [side, Math.round(px * k)]));
    return {
      title: { text: title, x: 0, xanchor: "left", font: { size: Math.round(size * 1.25) } },
      font: { family: font, color: text, size },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      margin,
      hovermode: false,
      dragmode: false,
      autosize: true,
    };
  }

  curveTraces() {
    const { colors, labels, delta } = this.data;
    const line = (name, x, y, color) => ({ x, y, name, mode: "lines", line: { color, width: 3 } });
    return [
      line(labels.curve_cee, this.grid, pathLosses(this.y, this.t, this.c, this.grid, delta).cee, colors.cee),
      // Drawn by markCurve, as it changes with y; this trace only puts it in the legend.
      line(labels.curve_sse, [null], [null], colors.sse),
    ];
  }

  /** The top of the loss axis: −log(min(p, p_min) + δ), unless the squared error reaches higher. */
  top() {
    const { p_min, delta } = this.data;
    const sse = pathLosses(this.y, this.t, this.c, [p_min], delta).sse[0];
    // A y given with p below p_min (the article's p = 0, where δ caps the loss at 16.1) stays on the chart.
    const own = -Math.log(Math.min(this.y[this.c], p_min) + delta);
    return 1.05 * Math.max(own, sse, 1);
  }

  curveLayout() {
    const { labels } = this.data;
    const top = this.top();
    const axis = { fixedrange: true, gridcolor: this.theme.grid, zeroline: false };
    return {
      ...this.base(labels.title_curve, { l: 52, r: 16, t: 44, b: 96 }),
      showlegend: true,
      legend: { orientation: "h", x: 0, xanchor: "left", yref: "container", y: 0, yanchor: "bottom" },
      xaxis: { ...axis, title: { text: labels.axis_p }, range: [0, 1.02] },
      yaxis: { ...axis, title: { text: labels.axis_loss }, range: [0, top] },
    };
  }

  simplexTraces() {
    const { labels } = this.data;
    const text = this.theme.text;
    const ring = [...CORNERS, CORNERS[0]];
    return [
      {
        x: ring.map((q) => q[0]),
        y: ring.map((q) => q[1]),
        mode: "lines",
        fill: "toself",
        fillcolor: "rgba(128, 128, 128, 0.08)",
        line: { color: text, width: 1.5 },
      },
      {
        x: CORNERS.map((q) => q[0]),
        y: CORNERS.map((q) => q[1]),
        mode: "markers+text",
        text: CORNERS.map((_, j) => fill(j === this.c ? labels.correct_class : labels.class_name, { k: j })),
        textposition: ["bottom center", "bottom center", "top center"],
        marker: { size: CORNERS.map((_, j) => (j === this.c ? 12 : 7)), color: text },
        cliponaxis: false,
      },
    ];
  }

  simplexLayout() {
    const axis = { visible: false, fixedrange: true, constrain: "domain" };
    return {
      ...this.base(this.data.labels.title_simplex, { l: 16, r: 16, t: 44, b: 36 }),
      showlegend: false,
      xaxis: { ...axis, range: [-0.1, 1.1] },
      yaxis: { ...axis, range: [-0.12, CORNERS[2][1] + 0.1], scaleanchor: "x", scaleratio: 1 },
    };
  }

  resize() {
    if (!this.plotly) return;
    for (const state of Object.values(this.panels)) {
      // offsetParent is null once the chart is no longer displayed (a slide moved on, a section closed)
      if (state.scale && !state.panel.hidden && state.plot.offsetParent) this.plotly.Plots.resize(state.plot);
    }
  }

  // ---- input -------------------------------------------------------------------------------

  listen(state) {
    const { surface, handle } = state;
    surface.addEventListener("pointerdown", (event) => {
      if (!state.scale || (event.pointerType === "mouse" && event.button !== 0)) return;
      surface.setPointerCapture(event.pointerId);
      this.dragging = state;
      this.pointer = event;
      this.origin = { x: event.clientX, y: event.clientY, values: this.y.slice() };
      this.root.classList.add("lv-drag-dragging");
      performance.clearMeasures(FRAME_MEASURE); // keep one drag's frames, not a session's
      handle.focus({ preventScroll: true, focusVisible: false });
      // A finger on the p chart may be starting a vertical scroll (touch-action: pan-y there):
      // the point follows once the finger has clearly moved sideways, or on a tap.
      this.moved = !(event.pointerType === "touch" && event.target !== handle && state.name === "curve");
      if (!this.moved) return;
      event.preventDefault();
      this.follow();
    });
    surface.addEventListener("pointermove", (event) => {
      if (this.dragging !== state) return;
      this.pointer = event;
      if (!this.moved) {
        const dx = Math.abs(event.clientX - this.origin.x);
        if (dx < SIDEWAYS_PX || dx < Math.abs(event.clientY - this.origin.y)) return;
        this.moved = true;
      }
      if (!this.frame) this.frame = requestAnimationFrame(() => this.follow());
    });
    surface.addEventListener("pointerup", (event) => {
      if (this.dragging !== state) return;
      this.pointer = event;
      this.follow();
      this.release();
      this.commit();
    });
    // The browser took the gesture (a scroll, a system swipe): put y back, commit nothing.
    surface.addEventListener("pointercancel", () => {
      if (this.dragging !== state) return;
      this.release();
      this.y = this.origin.values;
      this.show();
    });
    handle.addEventListener("keydown", (event) => this.key(state, event));
    handle.addEventListener("blur", () => this.keyTimer && this.commit());
  }

  release() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.dragging = null;
    this.root.classList.remove("lv-drag-dragging");
  }

  /** Move the point to the latest pointer position (at most once a frame). */
  follow() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const state = this.dragging;
    if (!state || !this.pointer) return;
    const box = state.surface.getBoundingClientRect();
    const x = state.scale.fromX(this.pointer.clientX - box.left);
    const h = state.scale.fromY(this.pointer.clientY - box.top);
    const pMin = this.data.p_min;
    this.y =
      state.name === "curve"
        ? pathY(this.y, this.c, clampP(Math.round(x * 1000) / 1000, pMin))
        : fromPlane(x, h, this.c, pMin);
    this.show();
  }

  key(state, event) {
    const pMin = this.data.p_min;
    let y = null;
    if (state.name === "simplex" && event.key in PLANE_STEPS) {
      const [x, h] = toPlane(this.y);
      const [dx, dh] = PLANE_STEPS[event.key];
      y = fromPlane(x + dx, h + dh, this.c, pMin);
    } else if (event.key in P_STEPS) {
      y = pathY(this.y, this.c, stepP(this.y[this.c], P_STEPS[event.key], pMin));
    } else if (event.key === "Home" || event.key === "End") {
      y = pathY(this.y, this.c, event.key === "Home" ? pMin : 1);
    }
    if (!y) return;
    event.preventDefault();
    this.y = y;
    this.show();
    this.el("live").textContent = fill(this.data.labels.live, this.values);
    clearTimeout(this.keyTimer);
    this.keyTimer = setTimeout(() => this.commit(), KEY_COMMIT_MS);
  }

  commit() {
    clearTimeout(this.keyTimer);
    this.keyTimer = 0;
    if (!this.root.isConnected) return;
    this.el("live").textContent = fill(this.data.labels.live, this.values);
    this.commitTo("commit", this.y.slice());
  }
}

const mounted = new WeakMap();

/** Called by entry.js on the first mount and on every rerun that brings new data. */
export function mount(component) {
  const root = component.parentElement.querySelector(".lv-drag");
  let drag = mounted.get(root);
  if (!drag) {
    drag = new Drag(root);
    mounted.set(root, drag);
  }
  drag.connect({ data: component.data[0], setTriggerValue: component.setTriggerValue }); // web.payload
  return () => cancelAnimationFrame(drag.frame);
}
