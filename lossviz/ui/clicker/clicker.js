// Presentation clickers send → / ← or Page Down / Page Up (some send space); a slide moves one step
// for each and the page never scrolls. Page Up/Down always belong to the deck (a clicker sends nothing
// else that a box needs), and so do the arrows on the step pills and the language switch, which keep
// focus after a click. Other keys that belong to what has focus are left alone: typing in a box, a
// slider or the drag component's point (they handle arrows), space on a button (it presses it).
// It also tells Python the window's size, so that a projected chart's type grows with the screen.
const NEXT = new Set(["ArrowRight", "PageDown", " "]);
const PREVIOUS = new Set(["ArrowLeft", "PageUp"]);
const OWNS_KEYS = [
  'input:not([type="checkbox"]):not([type="button"]):not([type="submit"])', // text, number, range, radio
  "textarea",
  "select",
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[role="slider"]', // the drag component's point
  '[role="spinbutton"]',
  '[role="textbox"]',
  '[role="combobox"]',
  '[role="listbox"]',
  '[role="radio"]',
  '[role="tab"]',
].join(", ");
const ALWAYS = new Set(["PageDown", "PageUp"]);
const DECK_OWNS = ".st-key-lv-slide-top, .st-key-lang"; // the step pills and the language switch
const PRESSABLE = 'button, a[href], summary, input, [role="button"], [role="checkbox"], [role="switch"]';
const RESIZE_MS = 250; // report a resize once it settles

function direction(event) {
  if (event.key === " " && event.shiftKey) return "previous";
  if (NEXT.has(event.key)) return "next";
  if (PREVIOUS.has(event.key)) return "previous";
  return null;
}

export default function (component) {
  const { setTriggerValue, setStateValue, data } = component;
  const onKey = (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
    const where = direction(event);
    if (!where) return;
    const target = event.target instanceof Element ? event.target : null;
    if (!ALWAYS.has(event.key) && !target?.closest(DECK_OWNS) && target?.closest(OWNS_KEYS)) return;
    if (event.key === " " && target?.closest(PRESSABLE)) return;
    event.preventDefault(); // the page stays where it is
    event.stopPropagation(); // a focused pill or box does not act on the key as well
    if (!event.repeat) setTriggerValue("key", where);
  };
  const report = () => {
    const known = data?.screen;
    if (!known || known[0] !== innerWidth || known[1] !== innerHeight) setStateValue("screen", [innerWidth, innerHeight]);
  };
  let timer = null;
  const onResize = () => {
    clearTimeout(timer);
    timer = setTimeout(report, RESIZE_MS);
  };
  // One set of listeners per page, whatever the number of reruns: the newest replaces the one before.
  const previous = window.lossvizClicker;
  if (previous) {
    document.removeEventListener("keydown", previous.onKey, true);
    window.removeEventListener("resize", previous.onResize);
  }
  const mine = { onKey, onResize };
  window.lossvizClicker = mine;
  document.addEventListener("keydown", onKey, true); // capture: before the focused element sees it
  window.addEventListener("resize", onResize);
  report();
  return () => {
    clearTimeout(timer);
    if (window.lossvizClicker === mine) {
      document.removeEventListener("keydown", onKey, true);
      window.removeEventListener("resize", onResize);
      window.lossvizClicker = null;
    }
  };
}
