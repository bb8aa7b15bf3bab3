// Streamlit runs this inline module on every mount and rerun. It imports the component from
// its served URL, so a rerun sends only data and the browser keeps drag.js (and plotly.js).
export default async function (component) {
  const { mount } = await import(new URL(component.data.assets.module, document.baseURI).href);
  return mount(component);
}
