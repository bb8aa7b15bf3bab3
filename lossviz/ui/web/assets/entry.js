// Streamlit runs this inline module on every mount and rerun. It imports the component from
// its served URL, so a rerun sends only data and the browser keeps drag.js (and plotly.js).
// lossviz sends each component's props as data[0] (lossviz.ui.web.payload).
export default async function (component) {
  const { mount } = await import(new URL(component.data[0].assets.module, document.baseURI).href);
  return mount(component);
}
