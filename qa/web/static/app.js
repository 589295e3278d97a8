/* The question page: calls POST /ask and GET /documents and shows the results.
 * Every string from the server is put into the page as text (textContent / text nodes),
 * never as HTML. No framework, no build step, nothing loaded from elsewhere. */
(() => {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const form = $("ask-form");
  const input = $("question");
  const button = $("ask-button");
  const statusEl = $("status");
  const errorEl = $("error");
  const resultEl = $("result");
  const resultBody = $("result-body");
  const examplesEl = $("examples");
  const exampleList = $("example-list");
  const docList = $("doc-list");
  const docsStatus = $("docs-status");
  const docsHeading = $("docs-heading");

  const GENERIC_EXAMPLES = ["Who took part?", "When did it happen?", "What was agreed?"];
  let requestSeq = 0;

  // -- building DOM safely ------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function percent(score) {
    const value = Number(score);
    return Number.isFinite(value) ? `${Math.round(Math.min(1, Math.max(0, value)) * 100)}%` : "–";
  }

  function confidenceWord(score) {
    if (score >= 0.8) return "high";
    if (score >= 0.5) return "medium";
    return "low";
  }

  function formatDate(iso) {
    if (!iso) return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
    const date = new Date(`${iso}T00:00:00Z`);
    if (Number.isNaN(date.getTime())) return iso;
    try {
      return new Intl.DateTimeFormat(undefined, { dateStyle: "long", timeZone: "UTC" }).format(date);
    } catch (_) {
      return iso;
    }
  }

  function docPath(docId) {
    return String(docId).split("/").map(encodeURIComponent).join("/");
  }

  /** Link to the source page: the range both as query (rendered by the server) and as fragment. */
  function viewHref(citation) {
    const start = Number(citation.start);
    const end = Number(citation.end);
    return `view/${docPath(citation.doc_id)}?start=${start}&end=${end}#${start}-${end}`;
  }

  /** Where `answer` sits in `quote`: exact first, then ignoring case, then ignoring runs of spaces. */
  function findSpan(quote, answer) {
    if (!quote || !answer) return null;
    let index = quote.indexOf(answer);
    if (index >= 0) return [index, index + answer.length];
    const lowerQuote = quote.toLowerCase();
    const lowerAnswer = answer.toLowerCase();
    if (lowerQuote.length === quote.length && lowerAnswer.length === answer.length) {
      index = lowerQuote.indexOf(lowerAnswer);
      if (index >= 0) return [index, index + answer.length];
    }
    const words = answer.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return null;
    const pattern = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\s+");
    const match = new RegExp(pattern, "iu").exec(quote);
    return match ? [match.index, match.index + match[0].length] : null;
  }

  function quoteBlock(quote, answer) {
    const text = String(quote || "");
    const span = answer ? findSpan(text, answer) : null;
    const block = el("blockquote", { class: "quote" });
    if (span) {
      block.append(text.slice(0, span[0]), el("mark", {}, text.slice(span[0], span[1])), text.slice(span[1]));
    } else {
      block.append(text);
    }
    return block;
  }

  function citationCard(citation, answer, headingLevel) {
    const date = formatDate(citation.date);
    const meta = el("p", { class: "card-meta" },
      date ? el("time", { datetime: citation.date }, date) : el("span", {}, "No date"),
      el("span", { class: "sep", "aria-hidden": "true" }, " · "),
      el("span", {}, `Match ${percent(citation.score)}`));
    return el("article", { class: "card" },
      el(`h${headingLevel}`, { class: "card-title" }, citation.title || citation.doc_id),
      meta,
      quoteBlock(citation.quote, answer),
      el("p", { class: "card-actions" },
        el("a", { class: "open-source", href: viewHref(citation) },
          "Open source", el("span", { class: "visually-hidden" }, `: ${citation.title || citation.doc_id}`))));
  }

  function citationList(citations, answer, headingLevel, extraClass) {
    return el("div", { class: extraClass ? `cards ${extraClass}` : "cards" },
      (citations || []).map((c) => citationCard(c, answer, headingLevel)));
  }

  // -- rendering an Answer ----------------------------------------------------------
  function renderAnswer(data) {
    const parts = [el("p", { class: "question-echo" }, "You asked: ", el("q", {}, data.question))];
    const citations = Array.isArray(data.citations) ? data.citations : [];

    if (data.answer === null || data.answer === undefined) {
      parts.push(el("div", { class: "abstain" },
        el("p", { class: "abstain-title" }, "No answer in the sources"),
        el("p", { class: "abstain-reason" }, data.reason || "The sources do not say."),
        el("p", { class: "muted" }, `Best match confidence: ${percent(data.score)}.`)));
      if (citations.length) {
        parts.push(el("h3", { class: "section-title" }, "Closest passages"),
          el("p", { class: "muted section-note" },
            "These were the nearest passages, but none of them answers the question."),
          citationList(citations, null, 4, "sources"));
      } else {
        parts.push(el("p", { class: "muted" }, "No passage came close."));
      }
    } else {
      const score = Number(data.score);
      parts.push(el("div", { class: "answer-box" },
        el("p", { class: "answer-label" }, "Answer"),
        el("p", { class: "answer-text" }, data.answer),
        el("p", { class: "confidence" },
          "Confidence ", el("strong", {}, percent(score)), ` (${confidenceWord(score)})`,
          el("meter", { min: 0, max: 1, value: Number.isFinite(score) ? score : 0, "aria-hidden": "true" }))));
      const alternatives = Array.isArray(data.alternatives) ? data.alternatives : [];
      if (alternatives.length) {
        parts.push(el("details", { class: "alternatives" },
          el("summary", {}, `Other possible answers (${alternatives.length})`),
          el("ol", { class: "alt-list" }, alternatives.map((alt) => el("li", { class: "alt" },
            el("p", { class: "alt-answer" }, el("strong", {}, alt.answer),
              el("span", { class: "muted" }, ` · confidence ${percent(alt.score)}`)),
            citationList(alt.citations, alt.answer, 4))))));
      }
      parts.push(el("h3", { class: "section-title" }, citations.length === 1 ? "Source" : `Sources (${citations.length})`),
        citationList(citations, data.answer, 4, "sources"));
    }
    resultBody.replaceChildren(...parts);
    resultEl.hidden = false;
    examplesEl.hidden = true;
  }

  // -- talking to the API -----------------------------------------------------------
  function detailText(body) {
    const detail = body && body.detail;
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail.map((item) => {
        if (item && typeof item === "object" && item.msg) {
          const where = (item.loc || []).filter((p) => p !== "body").join(".");
          return where ? `${where}: ${item.msg}` : item.msg;
        }
        return String(item);
      }).join("; ");
    }
    return null;
  }

  function describeError(status, body) {
    const detail = detailText(body);
    let prefix;
    if (status === 422) prefix = "That question cannot be used";
    else if (status === 503) prefix = "The index is not ready";
    else if (status === 404) prefix = "Not found";
    else if (status === 401 || status === 403) prefix = "Not allowed";
    else if (status === 413) prefix = "The request is too large";
    else if (status === 429) prefix = "Too many requests; wait a moment";
    else prefix = `The server reported an error (HTTP ${status})`;
    return detail ? `${prefix}: ${detail}` : `${prefix}.`;
  }

  async function api(path, options) {
    let response;
    try {
      response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
    } catch (_) {
      throw new Error("Could not reach the server. Check that it is running (qa serve) and try again.");
    }
    const raw = await response.text().catch(() => "");
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch (_) {
      body = null;
    }
    if (!response.ok) throw new Error(describeError(response.status, body));
    if (body === null) throw new Error("The server sent a reply that could not be read.");
    return body;
  }

  function showError(message) {
    errorEl.replaceChildren(el("strong", {}, "Error: "), message);
    errorEl.hidden = false;
  }

  function hideError() {
    errorEl.hidden = true;
    errorEl.replaceChildren();
  }

  function setBusy(busy) {
    resultEl.setAttribute("aria-busy", busy ? "true" : "false");
    button.textContent = busy ? "Asking…" : "Ask";
    statusEl.textContent = busy ? "Searching the documents…" : "";
  }

  async function ask(question) {
    const text = String(question || "");
    hideError();
    if (!text.trim()) {
      showError("Type a question first.");
      input.focus();
      return;
    }
    const seq = ++requestSeq;
    setBusy(true);
    try {
      const data = await api("ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ question: text }),
      });
      if (seq !== requestSeq) return;
      renderAnswer(data);
      rememberQuestion(text.trim());
    } catch (err) {
      if (seq !== requestSeq) return;
      resultEl.hidden = true;
      resultBody.replaceChildren();
      showError(err && err.message ? err.message : String(err));
    } finally {
      if (seq === requestSeq) setBusy(false);
    }
  }

  function rememberQuestion(question) {
    if (question.length > 500) return;  // keep URLs short; long questions are not bookmarked
    try {
      const url = new URL(window.location.href);
      url.searchParams.set("q", question);
      url.hash = "";
      window.history.replaceState(null, "", url);
    } catch (_) { /* history is a convenience only */ }
  }

  // -- documents and examples -------------------------------------------------------
  function shortTitle(title) {
    let head = String(title || "").split(/:\s|\s[|–—-]\s/)[0].trim();
    const words = head.split(/\s+/).filter(Boolean);
    if (words.length > 8) head = `${words.slice(0, 8).join(" ")}…`;
    return head;
  }

  function addExamples(questions) {
    for (const question of questions) {
      const chip = el("button", { type: "button", class: "chip" }, question);
      chip.addEventListener("click", () => {
        input.value = question;
        ask(question);
      });
      exampleList.append(el("li", {}, chip));
    }
  }

  function renderDocuments(docs) {
    docsHeading.textContent = `Indexed documents (${docs.length})`;
    if (!docs.length) {
      docsStatus.textContent = "No documents are indexed yet. Add files to the corpus folder and run qa index.";
      return;
    }
    docsStatus.textContent = "";
    docsStatus.hidden = true;
    docList.replaceChildren(...docs.map((doc) => {
      const meta = doc.metadata || {};
      const details = [formatDate(meta.date), meta.type, meta.publisher].filter(Boolean).join(" · ");
      return el("li", {},
        el("a", { href: `view/${docPath(doc.doc_id)}` }, doc.title || doc.doc_id),
        details ? el("span", { class: "doc-meta" }, details) : null);
    }));
    const derived = [];
    for (const doc of docs.slice(0, 2)) {
      const topic = shortTitle(doc.title);
      if (topic && topic.length >= 4) derived.push(`What is “${topic}” about?`, `Who is named in “${topic}”?`);
    }
    addExamples(derived);
  }

  async function loadDocuments() {
    try {
      renderDocuments(await api("documents"));
    } catch (err) {
      docsStatus.textContent = `Could not load the documents. ${err && err.message ? err.message : err}`;
      docsStatus.classList.add("error-text");
    }
  }

  // -- wiring -----------------------------------------------------------------------
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(input.value);
  });

  document.addEventListener("keydown", (event) => {
    // "/" jumps to the question box, as on many search pages (not while typing somewhere).
    const target = event.target;
    const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
    }
  });

  addExamples(GENERIC_EXAMPLES);
  loadDocuments();
  const initial = new URLSearchParams(window.location.search).get("q");
  if (initial && initial.trim()) {
    input.value = initial;
    ask(initial);
  }
})();
