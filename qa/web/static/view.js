/* The source page: scroll to the cited passage. The server wraps text[start:end] in
 * <mark id="cited"> when the link carries ?start=&end=; a link with only a #start-end
 * fragment is handled here, from the text already in the page (offsets count code
 * points, as Python does, not UTF-16 units). Text is only ever set as text. */
(() => {
  "use strict";

  function markFromFragment(container) {
    const match = /^#(\d+)-(\d+)$/.exec(window.location.hash);
    if (!match) return null;
    const start = Number(match[1]);
    const end = Number(match[2]);
    const chars = Array.from(container.textContent);
    if (!(start >= 0 && start < end && end <= chars.length)) return null;
    const mark = document.createElement("mark");
    mark.id = "cited";
    mark.tabIndex = -1;
    mark.textContent = chars.slice(start, end).join("");
    container.replaceChildren(
      document.createTextNode(chars.slice(0, start).join("")),
      mark,
      document.createTextNode(chars.slice(end).join("")));
    const note = document.getElementById("fragment-note");
    if (note) note.hidden = false;
    return mark;
  }

  function showCited() {
    const container = document.getElementById("doc-text");
    if (!container) return;
    const mark = document.getElementById("cited") || markFromFragment(container);
    if (!mark) return;
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showCited);
  } else {
    showCited();
  }
})();
