// The training page's player: the race of both losses, drawn epoch by epoch in the browser.
//
// Python sends the whole trajectory once per settings (the figure with every epoch, its ranges
// fixed, and one readout line per epoch); Play, Pause and the epoch slider only choose how many
// epochs of each trace plotly.js shows, so playing causes no rerun at all. The figure's look is
// the page's other charts' (lossviz/ui/web/assets/figure.js), and plotly.js is the page's one copy.

const FRAME_MS = 350; // one epoch per frame
const CONFIG = { displaylogo: false, responsive: true, displayModeBar: false };

const url = (path) => new URL(path, document.baseURI).href;

class Player {
  constructor(root) {
    this.root = root;
    this.plot = this.el("plot");
    this.button = this.el("play");
    this.range = this.el("range");
    this.readout = this.el("readout");
    this.status = this.el("status");
    this.timer = 0;
    this.epoch = 0;
    this.figure = null;
    this.plotly = null;
    this.button.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.range.addEventListener("input", () => {
      this.pause();
      this.show(Number(this.range.value));
    });
    new ResizeObserver(() => this.resize()).observe(root);
  }

  el(name) {
    return this.root.querySelector(`[data-lv="${name}"]`);
  }

  /** New data from Python: the first mount, or a rerun (new settings, another language). */
  connect(data) {
    const first = !this.data;
    const fresh = first || data.figure !== this.data.figure;
    this.data = data;
    this.plot.setAttribute("aria-label", data.alt);
    this.plot.style.height = `${data.height}px`;
    this.range.max = String(data.epochs);
    this.range.setAttribute("aria-label", data.labels.slider);
    this.writeLegend();
    if (fresh) {
      this.pause();
      const { data: traces, layout } = JSON.parse(data.figure);
      this.figure = { traces, layout };
      this.epoch = data.epochs; // the whole race first; Play runs it from epoch 0
    }
    this.writeButton();
    if (first) this.load();
    else this.show(Math.min(this.epoch, data.epochs));
  }

  load() {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = url(this.data.assets.css);
    this.root.prepend(css);
    Promise.all([import(url(this.data.assets.loader)), import(url(this.data.assets.figure))])
      .then(([loader, look]) => {
        this.loader = loader;
        this.look = look;
        return loader.loadPlotly(url(this.data.assets.plotly));
      })
      .then(
        (plotly) => {
          this.plotly = plotly;
          this.root.dataset.state = "ready";
          this.button.disabled = false;
          this.range.disabled = false;
          this.show(this.epoch);
        },
        (error) => {
          this.root.dataset.state = "failed";
          this.status.hidden = false;
          this.status.textContent = `${this.data.labels.failed} (${error.message})`;
        },
      );
  }

  /** One line and a name per run, in the traces' colours (the figure keeps no legend of its own). */
  writeLegend() {
    const keys = this.data.legend.map(({ name, color }) => {
      const key = document.createElement("span");
      const line = document.createElement("i");
      key.className = "lv-player-key";
      line.style.background = color;
      key.append(line, name);
      return key;
    });
    this.el("legend").replaceChildren(...keys);
  }

  writeButton() {
    const playing = Boolean(this.timer);
    this.button.textContent = playing ? `⏸ ${this.data.labels.pause}` : `▶ ${this.data.labels.play}`;
    this.button.setAttribute("aria-pressed", String(playing));
    this.readout.setAttribute("aria-live", playing ? "off" : "polite"); // no reading out every frame
  }

  play() {
    if (!this.plotly) return;
    if (this.epoch >= this.data.epochs) this.show(0);
    this.timer = setInterval(() => {
      if (!this.root.isConnected || this.epoch >= this.data.epochs) return this.pause();
      this.show(this.epoch + 1);
      if (this.epoch >= this.data.epochs) this.pause();
    }, FRAME_MS);
    this.root.dataset.playing = "1";
    this.writeButton();
  }

  pause() {
    clearInterval(this.timer);
    this.timer = 0;
    delete this.root.dataset.playing;
    if (this.data) this.writeButton();
  }

  /** Draw epochs 0 … epoch of every trace, on the axes of the whole race. */
  show(epoch) {
    this.epoch = epoch;
    this.root.dataset.epoch = String(epoch);
    this.range.value = String(epoch);
    this.readout.textContent = this.data.readouts[epoch];
    if (!this.plotly) return;
    const n = epoch + 1;
    const traces = this.figure.traces.map((t) => ({ ...t, x: t.x.slice(0, n), y: t.y.slice(0, n) }));
    const theme = this.loader.themeOf(this.root);
    const layout = {
      ...this.figure.layout,
      template: this.look.template(theme, this.look.faded(theme.text, this.root), this.data.text_px),
      height: this.data.height,
      autosize: true,
      datarevision: epoch,
    };
    delete layout.width;
    this.plotly.react(this.plot, traces, layout, CONFIG);
  }

  resize() {
    if (this.plotly && this.plot.offsetParent) this.plotly.Plots.resize(this.plot);
  }
}

const players = new WeakMap();

/** Called by entry.js on the first mount and on every rerun that brings new data. */
export function mount(component) {
  const root = component.parentElement.querySelector(".lv-player");
  let player = players.get(root);
  if (!player) {
    player = new Player(root);
    players.set(root, player);
  }
  player.connect(component.data[0]); // lossviz.ui.web.payload
  return () => player.pause();
}
