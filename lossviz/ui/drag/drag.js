// The drag component: what follows the pointer runs here, every number from preview.js;
// on release (or after the last key) it sends the new y to Python as the "commit" trigger.
// Every visible word comes from Python in data.labels.

import {
  clampP,
  crossEntropyError,
  crossEntropyTerms,
  fill,
  formatLoss,
  formatP,
  fromPlane,
  pathLosses,
  pathY,
  pGrid,
  squaredErrorTerms,
  stepP,
  sumSquaredError,
  toPlane,
  CORNERS,
} from "./preview.js";

const KEY_COMMIT_MS = 400; // keys commit once the reader pauses, not on every step
const PLOTLY_CACHE = "lossviz-plotly";
const GRID_POINTS = 120;
const FRAME_MEASURE = "lossviz-drag-frame"; // read by benchmarks/drag_latency.py
const STEPS = { ArrowRight: 0.01, ArrowUp: 0.01, ArrowLeft: -0.01, ArrowDown: -0.01, PageUp: 0.1, PageDown: -0.1 };
const PLANE_STEPS = { ArrowRight: [0.01, 0], ArrowLeft: [-0.01, 0], ArrowUp: [0, 0.01], ArrowDown: [0, -0.01] };
const CONFIG = { displayModeBar: false, staticPlot: false, scrollZoom: false, doubleClick: false, showTips: false };

let plotlyPromise = null;

/** plotly.js, fetched once per version: from the browser's Cache Storage when it is there. */
function loadPlotly(url) {
  plotlyPromise ??= (async () => {
    const text = await (await cachedFetch(url)).text();
    // The bundle sets window.Plotly; keep our own reference in the same script, before any
    // other copy (Streamlit's st.plotly_chart loads one) can replace the global.
    const blob = new Blob([text, "\n;globalThis.lossvizPlotly = globalThis.Plotly;"], {
      type: "text/javascript",
    });
    const src = URL.createObjectURL(blob);
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`plotly.js from ${url}`));
      document.head.append(script);
    });
    URL.revokeObjectURL(src);
    return globalThis.lossvizPlotly;
  })();
  return plotlyPromise;
}

async function cachedFetch(url) {
  // Cache Storage exists only in secure contexts (https, localhost); elsewhere fetch it each load.
  const cache = globalThis.caches ? await caches.open(PLOTLY_CACHE).catch(() => null) : null;
  const hit = cache && (await cache.match(url));
  if (hit) return hit;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`plotly.js from ${url}: HTTP ${response.status}`);
  if (cache) {
    await cache.put(url, response.clone());
    for (const old of await cache.keys()) if (old.url !== response.url) await cache.delete(old);
  }
  return response;
}

function theme(root) {
  const css = getComputedStyle(root);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--st-text-color", "#1F2A2E"),
    grid: v("--st-border-color-light", v("--st-border-color", "rgba(128,128,128,0.25)")),
    font: v("--st-font", "sans-serif"),
  };
}

/** One mounted component: its DOM, its data from Python and the y being dragged. */
class Drag {
  constructor(root) {
    this.root = root;
    this.el = (name) => root.querySelector(`[data-lv="${name}"]`);
    this.panels = {};
    for (const name of ["curve", "simplex"]) {
      const panel = this.el(`panel-${name}`);
      this.panels[name] = {
        name,
        panel,
        plot: panel.querySelector(".lv-drag-plot"),
        surface: panel.querySelector(".lv-drag-surface"),
        handle: panel.querySelector(".lv-drag-handle"),
        drawn: false,
      };
      this.listen(this.panels[name]);
    }
    this.dragging = null;
    this.pointer = null;
    this.frame = 0;
    this.keyTimer = 0;
    this.plotly = null;
    new ResizeObserver(() => this.resize()).observe(root);
  }

  connect({ data, setTriggerValue }) {
    this.commitTo = setTriggerValue;
    const first = !this.data;
    this.data = data;
    this.t = data.t;
    this.c = data.t.indexOf(1);
    this.simplex = data.simplex && data.t.length === 3;
    this.colors = { ...data.colors, ...theme(this.root) };
    this.root.style.setProperty("--lv-sse", data.colors.sse);
    this.root.style.setProperty("--lv-cee", data.colors.cee);
    if (!this.dragging && !this.keyTimer) this.y = data.y.slice();
    this.writeLabels();
    this.panels.simplex.panel.hidden = !this.simplex;
    this.root.classList.toggle("lv-drag-two", this.simplex);
    this.show({ redraw: true });
    if (first) {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL(data.assets.css, document.baseURI).href;
      this.root.prepend(css);
      loadPlotly(new URL(data.assets.plotly, document.baseURI).href).then(
        (plotly) => {
          this.plotly = plotly;
          this.root.dataset.state = "ready";
          this.show({ redraw: true });
        },
        (error) => {
          this.root.dataset.state = "failed";
          this.el("status").textContent = fill(this.data.labels.failed, { error: error.message });
        },
      );
    }
  }

  writeLabels() {
    const L = this.data.labels;
    for (const el of this.root.querySelectorAll("[data-text]")) el.textContent = L[el.dataset.text];
    const curve = this.panels.curve.handle;
    curve.setAttribute("aria-label", L.slider);
    curve.setAttribute("aria-valuemin", String(this.data.p_min));
    curve.setAttribute("aria-valuemax", "1");
    this.panels.simplex.handle.setAttribute("aria-label", L.simplex_slider);
    this.panels.simplex.handle.setAttribute("aria-roledescription", L.simplex_role);
    if (this.root.dataset.state !== "ready") this.el("status").textContent = L.loading;
  }

  // ---- numbers and charts ----------------------------------------------------------------

  /** Show this.y everywhere: numbers at once, charts when plotly.js is there. */
  show({ redraw = false, curves = false } = {}) {
    const start = performance.now();
    const { y, t } = this;
    const delta = this.data.delta;
    const sse = sumSquaredError(y, t);
    const cee = crossEntropyError(y, t, delta);
    const p = y[this.c];
    const values = {
      p: formatP(p),
      sse: formatLoss(sse),
      cee: formatLoss(cee),
      y: y.map((v) => v.toFixed(3)).join(", "),
    };
    this.el("sse").textContent = values.sse;
    this.el("cee").textContent = values.cee;
    this.el("p").textContent = values.p;
    this.writeTerms(y, t, delta);
    const L = this.data.labels;
    const curve = this.panels.curve.handle;
    curve.setAttribute("aria-valuenow", String(p));
    curve.setAttribute("aria-valuetext", fill(L.valuetext, values));
    const tri = this.panels.simplex.handle;
    tri.setAttribute("aria-valuetext", fill(L.simplex_valuetext, values));
    this.values = values;
    if (this.plotly) this.plot(sse, cee, p, { redraw, curves });
    performance.measure(FRAME_MEASURE, { start });
  }

  writeTerms(y, t, delta) {
    const body = this.el("terms");
    const sq = squaredErrorTerms(y, t);
    const ce = crossEntropyTerms(y, t, delta);
    if (body.rows.length !== y.length) {
      body.replaceChildren();
      for (let j = 0; j < y.length; j++) {
        const row = body.insertRow();
        for (let i = 0; i < 5; i++) row.insertCell();
      }
    }
    for (let j = 0; j < y.length; j++) {
      const cells = body.rows[j].cells;
      body.rows[j].classList.toggle("lv-drag-correct", j === this.c);
      cells[0].textContent = fill(this.data.labels.class_name, { k: j + 1 });
      cells[1].textContent = String(t[j]);
      cells[2].textContent = y[j].toFixed(4);
      cells[3].textContent = formatLoss(sq[j]);
      cells[4].textContent = formatLoss(ce[j]);
    }
  }

  plot(sse, cee, p, { redraw, curves }) {
    const Plotly = this.plotly;
    const curve = this.panels.curve;
    if (redraw || !curve.drawn) {
      Plotly.react(curve.plot, this.curveTraces(sse, cee, p), this.curveLayout(), CONFIG);
      this.drawn(curve);
    } else {
      const update = { x: [[p], [p]], y: [[cee], [sse]] };
      const traces = [2, 3];
      if (curves) {
        update.x.push(this.grid);
        update.y.push(pathLosses(this.y, this.t, this.c, this.grid, this.data.delta).sse);
        traces.push(1);
      }
      Plotly.restyle(curve.plot, update, traces);
    }
    if (this.simplex) {
      const tri = this.panels.simplex;
      const [x, h] = toPlane(this.y);
      if (redraw || !tri.drawn) {
        Plotly.react(tri.plot, this.simplexTraces(x, h), this.simplexLayout(), CONFIG);
        this.drawn(tri);
      } else {
        const path = [pathY(this.y, this.c, 0), pathY(this.y, this.c, 1)].map(toPlane);
        Plotly.restyle(tri.plot, { x: [[x], path.map((q) => q[0])], y: [[h], path.map((q) => q[1])] }, [3, 1]);
      }
    }
    this.placeHandles();
  }

  drawn(state) {
    if (!state.drawn) state.plot.on("plotly_afterplot", () => this.placeHandles());
    state.drawn = true;
  }

  curveTraces(sse, cee, p) {
    const { colors, labels } = this.data;
    this.grid = pGrid(this.data.p_min, GRID_POINTS);
    const along = pathLosses(this.y, this.t, this.c, this.grid, this.data.delta);
    const line = (name, ys, color) => ({
      x: this.grid,
      y: ys,
      name,
      mode: "lines",
      line: { color, width: 3 },
      hoverinfo: "skip",
    });
    const mark = (value, color) => ({
      x: [p],
      y: [value],
      mode: "markers",
      showlegend: false,
      hoverinfo: "skip",
      marker: { size: 14, color, line: { color: colors.mark, width: 3 } },
    });
    return [
      line(labels.curve_cee, along.cee, colors.cee),
      line(labels.curve_sse, along.sse, colors.sse),
      mark(cee, colors.cee),
      mark(sse, colors.sse),
    ];
  }

  base(title) {
    const c = this.colors;
    return {
      title: { text: title, x: 0, xanchor: "left", font: { size: 15 } },
      font: { family: c.font, color: c.text },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      margin: { l: 52, r: 12, t: 44, b: 48 },
      hovermode: false,
      dragmode: false,
      autosize: true,
    };
  }

  curveLayout() {
    const { labels, p_min, delta } = this.data;
    const top = Math.max(-Math.log(p_min + delta), ...pathLosses(this.y, this.t, this.c, [0, 1], delta).sse);
    const axis = { fixedrange: true, gridcolor: this.colors.grid, zeroline: false };
    return {
      ...this.base(labels.title_curve),
      showlegend: true,
      legend: { orientation: "h", x: 0, y: -0.22, yanchor: "top" },
      margin: { l: 52, r: 12, t: 44, b: 96 },
      xaxis: { ...axis, title: { text: labels.axis_p }, range: [0, 1.02] },
      yaxis: { ...axis, title: { text: labels.axis_loss }, range: [0, top * 1.05] },
    };
  }

  simplexTraces(x, h) {
    const { colors, labels } = this.data;
    const corners = [...CORNERS, CORNERS[0]];
    const path = [pathY(this.y, this.c, 0), pathY(this.y, this.c, 1)].map(toPlane);
    const names = CORNERS.map((_, j) =>
      fill(j === this.c ? labels.correct_class : labels.class_name, { k: j + 1 }),
    );
    return [
      {
        x: corners.map((q) => q[0]),
        y: corners.map((q) => q[1]),
        mode: "lines",
        fill: "toself",
        fillcolor: "rgba(128,128,128,0.08)",
        line: { color: this.colors.text, width: 1.5 },
        hoverinfo: "skip",
        showlegend: false,
      },
      {
        x: path.map((q) => q[0]),
        y: path.map((q) => q[1]),
        mode: "lines",
        line: { color: colors.cee, width: 1.5, dash: "dot" },
        hoverinfo: "skip",
        showlegend: false,
      },
      {
        x: CORNERS.map((q) => q[0]),
        y: CORNERS.map((q) => q[1]),
        mode: "markers+text",
        text: names,
        textposition: ["bottom center", "bottom center", "top center"],
        marker: { size: CORNERS.map((_, j) => (j === this.c ? 12 : 7)), color: this.colors.text },
        hoverinfo: "skip",
        showlegend: false,
        cliponaxis: false,
      },
      {
        x: [x],
        y: [h],
        mode: "markers",
        marker: { size: 14, color: colors.cee, line: { color: colors.mark, width: 3 } },
        hoverinfo: "skip",
        showlegend: false,
      },
    ];
  }

  simplexLayout() {
    const axis = { visible: false, fixedrange: true, constrain: "domain" };
    return {
      ...this.base(this.data.labels.title_simplex),
      showlegend: false,
      margin: { l: 12, r: 12, t: 44, b: 12 },
      xaxis: { ...axis, range: [-0.1, 1.1] },
      yaxis: { ...axis, range: [-0.12, CORNERS[2][1] + 0.1], scaleanchor: "x", scaleratio: 1 },
    };
  }

  // ---- geometry: the plot area of a chart and its data ↔ pixel mapping ---------------------

  area(state) {
    const full = state.plot._fullLayout;
    if (!full) return null;
    const xa = full.xaxis;
    const ya = full.yaxis;
    return { left: xa._offset, top: ya._offset, width: xa._length, height: ya._length, xr: xa.range, yr: ya.range };
  }

  toPixels(a, x, y) {
    return [
      a.left + ((x - a.xr[0]) / (a.xr[1] - a.xr[0])) * a.width,
      a.top + (1 - (y - a.yr[0]) / (a.yr[1] - a.yr[0])) * a.height,
    ];
  }

  fromEvent(state, event) {
    const box = state.surface.getBoundingClientRect();
    const a = this.area(state);
    return [
      a.xr[0] + ((event.clientX - box.left) / box.width) * (a.xr[1] - a.xr[0]),
      a.yr[0] + (1 - (event.clientY - box.top) / box.height) * (a.yr[1] - a.yr[0]),
    ];
  }

  placeHandles() {
    for (const state of Object.values(this.panels)) {
      const a = state.drawn && this.area(state);
      if (!a) continue;
      Object.assign(state.surface.style, {
        left: `${a.left}px`,
        top: `${a.top}px`,
        width: `${a.width}px`,
        height: `${a.height}px`,
      });
      const [x, y] =
        state.name === "curve"
          ? this.toPixels(a, this.y[this.c], crossEntropyError(this.y, this.t, this.data.delta))
          : this.toPixels(a, ...toPlane(this.y));
      state.handle.style.transform = `translate(${x}px, ${y}px)`;
    }
  }

  resize() {
    if (!this.plotly) return;
    for (const state of Object.values(this.panels)) {
      if (state.drawn && !state.panel.hidden) this.plotly.Plots.resize(state.plot);
    }
    this.placeHandles();
  }

  // ---- input -------------------------------------------------------------------------------

  listen(state) {
    const { surface, handle } = state;
    const start = (event) => {
      if (!this.plotly || (event.pointerType === "mouse" && event.button !== 0)) return;
      event.target.setPointerCapture(event.pointerId);
      this.dragging = state;
      this.pointer = event;
      this.moved = false;
      this.root.classList.add("lv-drag-dragging");
      handle.focus({ preventScroll: true });
      // A finger on the p chart may be starting a vertical scroll (touch-action: pan-y):
      // the point moves once the pointer does, or on a tap.
      if (event.pointerType === "touch" && event.target === surface && state.name === "curve") return;
      event.preventDefault();
      this.moved = true;
      this.follow();
    };
    const move = (event) => {
      if (this.dragging !== state) return;
      this.pointer = event;
      this.moved = true;
      if (!this.frame) this.frame = requestAnimationFrame(() => this.follow());
    };
    const end = (event) => {
      if (this.dragging !== state) return;
      const scrolled = event.type === "pointercancel" && !this.moved;
      if (!scrolled) {
        this.pointer = event;
        this.follow();
      }
      this.dragging = null;
      this.root.classList.remove("lv-drag-dragging");
      if (!scrolled) this.commit();
    };
    for (const el of [surface, handle]) {
      el.addEventListener("pointerdown", start);
      el.addEventListener("pointermove", move);
      el.addEventListener("pointerup", end);
      el.addEventListener("pointercancel", end);
    }
    handle.addEventListener("keydown", (event) => this.key(state, event));
    handle.addEventListener("blur", () => this.keyTimer && this.commit());
  }

  /** Move the point to the latest pointer position (once per frame). */
  follow() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const state = this.dragging;
    if (!state || !this.pointer) return;
    const [x, h] = this.fromEvent(state, this.pointer);
    const pMin = this.data.p_min;
    if (state.name === "curve") {
      this.y = pathY(this.y, this.c, clampP(Math.round(x * 1000) / 1000, pMin));
      this.show();
    } else {
      this.y = fromPlane(x, h, this.c, pMin);
      this.show({ curves: true });
    }
  }

  key(state, event) {
    const pMin = this.data.p_min;
    const p = this.y[this.c];
    let y = null;
    if (state.name === "simplex" && event.key in PLANE_STEPS) {
      const [x, h] = toPlane(this.y);
      const [dx, dh] = PLANE_STEPS[event.key];
      y = fromPlane(x + dx, h + dh, this.c, pMin);
    } else if (event.key in STEPS) {
      y = pathY(this.y, this.c, stepP(p, STEPS[event.key], pMin));
    } else if (event.key === "Home" || event.key === "End") {
      y = pathY(this.y, this.c, event.key === "Home" ? pMin : 1);
    }
    if (!y) return;
    event.preventDefault();
    this.y = y;
    this.show({ curves: true });
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

/** Called by entry.js on every mount and on every rerun that brings new data. */
export function mount(component) {
  const root = component.parentElement.querySelector(".lv-drag");
  let drag = mounted.get(root);
  if (!drag) {
    drag = new Drag(root);
    mounted.set(root, drag);
  }
  drag.connect(component);
  return () => cancelAnimationFrame(drag.frame);
}
