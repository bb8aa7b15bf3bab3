// A Plotly figure drawn from plain JSON: the explorer's charts below the first screen.
//
// st.plotly_chart gives each new figure a new element (its identity includes the figure), so the
// chart is rebuilt and a reader's zoom is lost on every rerun, and the server re-validates each
// figure with plotly.py. Here the element keeps its key: each rerun's figure goes through
// Plotly.react on the same <div>, and layout.uirevision keeps the reader's zoom, pan and legend
// choices while the figure's own ranges stay the same. The figure arrives as the JSON text
// plotly.py wrote once per input (cached on the server), and is re-plotted only when it changed.

import { loadPlotly, themeOf } from "./plotly_loader.js";

const charts = new WeakMap();
// Plotly's toolbar keeps the PNG export, zoom and pan. "Share chart…" would upload the figure (on
// /batch, a learner's own data) to Plotly's cloud, against the app's offline stance; box and lasso
// select have nothing to select here.
const REMOVED_BUTTONS = ["sendChartToCloud", "select2d", "lasso2d"];
const NARROW_PX = 600; // below this width the toolbar would sit on the title: the title moves under it
const TOOLBAR_PX = 28;

/** The text colour at 60 % opacity: ticks and axis titles are quieter than the title. */
export function faded(color, root) {
  const probe = document.createElement("span");
  probe.style.color = color;
  root.append(probe);
  const rgb = getComputedStyle(probe).color.match(/[\d.]+/g) || [128, 128, 128];
  probe.remove();
  return `rgba(${rgb[0]}, ${rgb[1]}, ${rgb[2]}, 0.6)`;
}

/** Colours, font and grid from the page's theme, as Streamlit's own theme draws st.plotly_chart:
 * a bold title, quieter ticks, horizontal grid lines only. The figure's own settings win. */
export function template(theme, quiet, textPx) {
  const size = textPx || 12;
  const axis = {
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.grid,
    automargin: true, // the figures keep 10 px margins; ticks and axis titles get the room they need
    tickfont: { color: quiet },
    title: { font: { color: quiet } },
  };
  return {
    layout: {
      font: { family: theme.font, color: theme.text, size },
      title: { font: { weight: 600, color: theme.text } },
      paper_bgcolor: "rgba(0,0,0,0)",
      plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: { ...axis, showgrid: false },
      yaxis: axis,
      legend: { font: { color: theme.text } },
      hoverlabel: { font: { family: theme.font } },
    },
    data: {
      heatmap: [{ colorbar: { outlinewidth: 0, tickfont: { color: quiet }, title: { font: { color: quiet } } } }],
    },
  };
}

class Chart {
  constructor(root) {
    this.root = root;
    this.plot = root.querySelector(".lv-figure-plot");
    this.status = root.querySelector(".lv-figure-status");
    this.caption = root.querySelector(".lv-figure-caption");
    this.summary = root.querySelector(".lv-figure-summary");
    // Each chart's summary describes it: an id unique on the page, however many charts it has.
    this.summary.id = `lv-figure-summary-${(Chart.count = (Chart.count || 0) + 1)}`;
    root.setAttribute("aria-describedby", this.summary.id);
    this.drawn = null;
    this.plotly = null;
    new ResizeObserver(() => this.resize()).observe(root);
  }

  /** New data from Python (first mount, or a rerun). */
  connect({ data }) {
    this.data = data;
    this.root.setAttribute("aria-label", data.alt);
    this.summary.textContent = data.summary || "";
    this.caption.textContent = data.caption || "";
    this.caption.hidden = !data.caption;
    this.plot.style.height = `${data.height}px`;
    if (this.plotly) return this.draw();
    loadPlotly(new URL(data.assets.plotly, document.baseURI).href).then(
      (plotly) => {
        this.plotly = plotly;
        this.root.dataset.state = "ready";
        this.status.hidden = true;
        this.draw();
      },
      (error) => {
        this.root.dataset.state = "failed";
        this.status.hidden = false;
        this.status.textContent = `${data.failed} (${error.message})`;
      },
    );
  }

  draw() {
    const { figure, height, config, text_px: textPx } = this.data;
    const theme = themeOf(this.root);
    this.narrow = this.root.clientWidth < NARROW_PX;
    const key = JSON.stringify([theme, height, textPx, config, this.narrow]);
    if (figure === this.drawn && key === this.drawnKey) return;
    const { data, layout } = JSON.parse(figure);
    layout.template = template(theme, faded(theme.text, this.root), textPx);
    if (textPx) {
      // Projected: the title grows with the text (the figure's own size is for a screen), and a
      // legend under the plot would meet the larger axis title, so it goes above the plot.
      if (layout.title) {
        layout.title = { ...layout.title, font: { ...(layout.title.font || {}), size: Math.round(textPx * 1.2) } };
      }
      if (layout.legend && layout.legend.orientation === "h") {
        layout.legend = { ...layout.legend, yref: "paper", y: 1.02, yanchor: "bottom" };
        layout.margin = { ...(layout.margin || {}), t: Math.round(textPx * 4.4) };
      }
    }
    if (this.narrow && layout.title) {
      const margin = layout.margin || {};
      layout.title = { ...layout.title, yref: "container", y: 1, yanchor: "top", pad: { t: TOOLBAR_PX + 6 } };
      layout.margin = { ...margin, t: (margin.t ?? 48) + TOOLBAR_PX };
    }
    layout.height = height;
    layout.autosize = true;
    delete layout.width;
    this.plotly.react(this.plot, data, layout, { ...config, modeBarButtonsToRemove: REMOVED_BUTTONS, responsive: true });
    this.drawn = figure;
    this.drawnKey = key;
  }

  resize() {
    // offsetParent is null once the chart is not displayed (another view, a closed section)
    if (!(this.plotly && this.drawn && this.plot.offsetParent)) return;
    if (this.root.clientWidth < NARROW_PX !== this.narrow) this.draw(); // the title moves under the toolbar, or back
    else this.plotly.Plots.resize(this.plot);
  }
}

export function mount(component) {
  const root = component.parentElement.querySelector(".lv-figure");
  let chart = charts.get(root);
  if (!chart) {
    chart = new Chart(root);
    charts.set(root, chart);
  }
  chart.connect({ data: component.data[0] }); // web.payload
}
