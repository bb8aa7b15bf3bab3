// plotly.js for lossviz's own components, fetched once per page and per version. Imported by
// figure.js (statically) and by the drag component (from the URL its data names), so every
// component on the page shares one copy.

const PLOTLY_CACHE = "lossviz-plotly";

let plotlyPromise = null;

/** plotly.js from url: from the browser's Cache Storage when it is there. A failure can be retried. */
export function loadPlotly(url) {
  plotlyPromise ??= (async () => {
    const text = await (await cachedFetch(url)).text();
    // The bundle sets window.Plotly; keep our own reference in the same script, before another
    // copy (Streamlit's st.plotly_chart brings its own) can replace the global.
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
  plotlyPromise.catch(() => {
    plotlyPromise = null; // the next mount tries again
  });
  return plotlyPromise;
}

async function cachedFetch(url) {
  // Cache Storage exists only in secure contexts (https, localhost); elsewhere each visit fetches.
  const cache = globalThis.caches ? await caches.open(PLOTLY_CACHE).catch(() => null) : null;
  const hit = cache && (await cache.match(url));
  if (hit) return hit;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`plotly.js from ${url}: HTTP ${response.status}`);
  if (cache) {
    await cache.put(url, response.clone());
    for (const old of await cache.keys()) if (old.url !== url) await cache.delete(old);
  }
  return response;
}

/** The page's colours and font, from Streamlit's theme variables (light or dark). */
export function themeOf(root) {
  const css = getComputedStyle(root);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v("--st-text-color", "#1F2A2E"),
    grid: v("--st-border-color-light", "rgba(128, 128, 128, 0.25)"),
    font: v("--st-font", "sans-serif"),
  };
}
