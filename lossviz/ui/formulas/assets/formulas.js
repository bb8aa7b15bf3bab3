// Both losses' formula panels: each loss's name, its value and its formula with the reader's
// numbers, drawn by KaTeX (vendored in ./katex, loaded once per page). The values are text from
// Python and show at once; a formula is drawn again only when its LaTeX changed, so an edit costs
// the browser a few milliseconds where Streamlit's Markdown pipeline took ~50 (lossviz/ui/formulas).
// No arithmetic here: every number and formula comes from the server.

let katexPromise = null;

/** KaTeX from url (it sets globalThis.katex), and its stylesheet with the fonts, once per page. */
function loadKatex(url, cssUrl) {
  if (!document.querySelector("link[data-lv-katex]")) {
    const css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = cssUrl;
    css.dataset.lvKatex = "";
    document.head.append(css);
  }
  katexPromise ??= import(url).then(() => {
    if (!globalThis.katex) throw new Error(`no KaTeX in ${url}`);
    return globalThis.katex;
  });
  katexPromise.catch(() => {
    katexPromise = null; // the next mount tries again
  });
  return katexPromise;
}

function element(tag, className, parent) {
  const el = document.createElement(tag);
  el.className = className;
  parent.append(el);
  return el;
}

class Panels {
  constructor(root) {
    this.root = root;
    this.katex = null;
    this.views = [];
  }

  /** New data from Python (first mount, or a rerun). */
  connect({ data }) {
    this.data = data;
    const url = (name) => new URL(data.assets[name], document.baseURI).href;
    if (!this.css) {
      this.css = document.createElement("link");
      this.css.rel = "stylesheet";
      this.css.href = url("css");
      this.root.before(this.css);
    }
    this.write();
    if (this.katex) return this.draw();
    loadKatex(url("katex"), url("katex_css")).then(
      (katex) => {
        this.katex = katex;
        this.draw();
      },
      (error) => {
        this.root.dataset.state = "failed";
        for (const view of this.views) {
          view.formula.textContent = `${this.data.failed} (${error.message})`;
          view.formula.dataset.latex = "";
        }
      },
    );
  }

  /** One <section> per panel, built once per panel count: title, value, formula, note, extra formula. */
  view(i) {
    if (!this.views[i]) {
      const section = element("section", "lv-formula", this.root);
      const head = element("div", "lv-formula-head", section);
      this.views[i] = {
        section,
        title: element("div", "lv-formula-title", head),
        value: element("div", "lv-formula-value", head),
        formula: element("div", "lv-formula-tex", section),
        note: element("p", "lv-formula-note", section),
        extra: element("div", "lv-formula-tex", section),
      };
    }
    return this.views[i];
  }

  /** The text parts: shown at once, before KaTeX is there. */
  write() {
    const { panels } = this.data;
    panels.forEach((panel, i) => {
      const v = this.view(i);
      v.section.hidden = false;
      v.title.textContent = panel.title;
      v.title.classList.toggle("lv-formula-heading", panel.value === null);
      v.value.hidden = panel.value === null;
      v.value.textContent = panel.value ?? "";
      v.value.title = panel.precise ?? "";
      if (panel.precise) v.value.setAttribute("aria-description", panel.precise);
      else v.value.removeAttribute("aria-description");
      v.formula.hidden = panel.latex === null;
      v.note.hidden = v.extra.hidden = panel.extra_latex === null;
      v.note.textContent = panel.note ?? "";
    });
    for (const v of this.views.slice(panels.length)) v.section.hidden = true;
    this.root.classList.toggle("lv-formulas-one", panels.length === 1);
  }

  /** The formulas whose LaTeX changed since they were last drawn. */
  draw() {
    this.data.panels.forEach((panel, i) => {
      const v = this.views[i];
      this.tex(v.formula, panel.latex);
      this.tex(v.extra, panel.extra_latex);
    });
    this.root.dataset.state = "ready";
  }

  tex(el, latex) {
    if (latex === null || el.dataset.latex === latex) return;
    this.katex.render(latex, el, { displayMode: true, throwOnError: false });
    el.dataset.latex = latex;
  }
}

const mounted = new WeakMap();

/** Called by entry.js on the first mount and on every rerun that brings new data. */
export function mount(component) {
  const root = component.parentElement.querySelector(".lv-formulas");
  let panels = mounted.get(root);
  if (!panels) {
    panels = new Panels(root);
    mounted.set(root, panels);
  }
  panels.connect({ data: component.data[0] }); // web.payload
}
