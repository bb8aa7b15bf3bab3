// The logits view: drag each logit z_k (a range input) and watch softmax y, both losses and
// both losses' ∂E/∂z move together. Everything runs in the browser (logits_math.js, compared with
// the core by tests/test_logits_view.py); nothing goes back to Python, so a drag causes no rerun.
// ∂E/∂z is drawn on a fixed scale from −1 to 1: through a softmax, no entry leaves it.

import { crossEntropy, logitGradients, softmax, squaredError } from "./logits_math.js";

const MINUS = "\u2212";

/** A number to 3 significant digits, with a true minus sign. */
export function formatNumber(v) {
  if (!Number.isFinite(v)) return String(v);
  const text = Math.abs(v) < 1e-4 && v !== 0 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
  return text.replace("-", MINUS);
}

class LogitsView {
  constructor(root) {
    this.root = root;
    this.rows = this.el("rows");
    this.data = null;
  }

  el(name) {
    return this.root.querySelector(`[data-lv="${name}"]`);
  }

  connect(data) {
    const first = !this.data;
    const fresh = first || JSON.stringify([data.z, data.t]) !== JSON.stringify([this.data.z, this.data.t]);
    this.data = data;
    if (first) {
      const css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = new URL(data.assets.css, document.baseURI).href;
      this.root.prepend(css);
    }
    for (const el of this.root.querySelectorAll("[data-text]")) el.textContent = data.labels[el.dataset.text];
    if (fresh) {
      this.z = data.z.slice();
      this.build();
    }
    this.update();
    this.root.dataset.state = "ready";
  }

  build() {
    const { t, labels, colors, z_min: lo, z_max: hi, step } = this.data;
    this.cells = this.z.map((z, k) => {
      const row = document.createElement("tr");
      row.classList.toggle("lv-logits-true", t[k] > 0);
      row.innerHTML =
        `<td></td><td><div class="lv-logits-z"><input type="range"><output></output></div></td>` +
        `<td><div class="lv-logits-bar"><i></i><span></span></div></td>` +
        `<td><div class="lv-logits-bar lv-logits-signed"><i></i><span></span></div></td>` +
        `<td><div class="lv-logits-bar lv-logits-signed"><i></i><span></span></div></td>`;
      row.cells[0].textContent = t[k] > 0 ? labels.true_class.replace("{k}", k) : String(k);
      const input = row.querySelector("input");
      Object.assign(input, { min: String(lo), max: String(hi), step: String(step), value: String(z) });
      input.setAttribute("aria-label", labels.slider.replace("{k}", k));
      input.addEventListener("input", () => {
        this.z[k] = Number(input.value);
        this.update();
      });
      const bars = [...row.querySelectorAll(".lv-logits-bar")];
      bars[0].querySelector("i").style.background = colors.y;
      bars[1].querySelector("i").style.background = colors.sq;
      bars[2].querySelector("i").style.background = colors.ce;
      return { row, input, output: row.querySelector("output"), bars };
    });
    this.rows.replaceChildren(...this.cells.map((c) => c.row));
  }

  update() {
    const { t, delta, labels } = this.data;
    const y = softmax(this.z);
    const g = logitGradients(y, t, delta);
    this.values = { y, g, sse: squaredError(y, t), cee: crossEntropy(y, t, delta) };
    this.el("sse").textContent = formatNumber(this.values.sse);
    this.el("cee").textContent = formatNumber(this.values.cee);
    this.cells.forEach((c, k) => {
      c.output.textContent = formatNumber(this.z[k]);
      this.bar(c.bars[0], y[k], false);
      this.bar(c.bars[1], g.squared[k], true);
      this.bar(c.bars[2], g.crossEntropy[k], true);
      c.input.setAttribute(
        "aria-valuetext",
        labels.valuetext
          .replace("{z}", formatNumber(this.z[k]))
          .replace("{y}", formatNumber(y[k]))
          .replace("{sq}", formatNumber(g.squared[k]))
          .replace("{ce}", formatNumber(g.crossEntropy[k])),
      );
    });
    this.root.dataset.y = JSON.stringify(y); // read by the browser test
  }

  /** A bar of value v: 0 … 1 from the left, or −1 … 1 from the middle (signed). */
  bar(el, v, signed) {
    const fill = el.querySelector("i");
    const share = Math.max(-1, Math.min(1, v));
    if (signed) {
      fill.style.left = `${50 + Math.min(share, 0) * 50}%`;
      fill.style.width = `${Math.abs(share) * 50}%`;
    } else {
      fill.style.left = "0";
      fill.style.width = `${share * 100}%`;
    }
    el.querySelector("span").textContent = formatNumber(v);
  }
}

const views = new WeakMap();

/** Called by entry.js on the first mount and on every rerun that brings new data. */
export function mount(component) {
  const root = component.parentElement.querySelector(".lv-logits");
  let view = views.get(root);
  if (!view) {
    view = new LogitsView(root);
    views.set(root, view);
  }
  view.connect(component.data[0]); // lossviz.ui.web.payload
}
