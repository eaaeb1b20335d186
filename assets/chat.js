// The chat page of lanzhou-qa: says what the corpus holds and offers questions it answers
// (both from GET /docs), sends questions
// to POST /ask, renders the streamed answer with its working, sources and suggested
// follow-ups, turns its [n] markers into buttons that open the cited sentence in its
// paragraph, keeps the conversation (and its session id) across reloads in the browser's
// storage, and exports it as Markdown.
//
// Every piece of text that comes from the corpus, the server, the user or the browser's
// storage is inserted as a text node (textContent, append of strings); this file never
// assigns HTML.
"use strict";

(() => {
  const byId = (id) => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`the page has no #${id}`);
    return el;
  };

  const els = {
    layout: document.querySelector(".layout"),
    masthead: byId("masthead"),
    heading: byId("corpus-heading"),
    tagline: byId("corpus-tagline"),
    holdings: byId("holdings"),
    examples: byId("examples"),
    examplesHeading: byId("intro-heading"),
    form: byId("ask-form"),
    question: byId("question"),
    send: byId("send"),
    transcript: byId("transcript"),
    intro: byId("intro"),
    exportButton: byId("export"),
    newConversation: byId("new-conversation"),
    panel: byId("source-panel"),
    panelHeading: byId("source-heading"),
    panelTitle: byId("source-title"),
    panelMeta: byId("source-meta"),
    panelBody: byId("source-body"),
    panelLink: byId("source-link"),
    wholeDocument: byId("whole-document"),
    closePanel: byId("close-panel"),
    announcer: byId("announcer"),
  };

  /** Where the conversation is kept between reloads. */
  const STORAGE_KEY = "lanzhou-qa.conversation.v1";
  /** The most turns kept in storage; older ones are dropped from it (not from the page). */
  const STORED_TURNS = 50;
  /** The most words of a snippet in a citation button's accessible name. */
  const NAME_WORDS = 10;

  const state = {
    /** The session id of the current conversation, from its first reply. */
    session: null,
    /** Aborts the request in flight; null when idle. */
    controller: null,
    /** The button that opened the source panel, to return focus to. */
    panelTrigger: null,
    /** What the panel shows: the citation and whether the whole document is open. */
    panelCitation: null,
    panelWhole: false,
    /** Increases with every panel opening, so a slow load cannot overwrite a newer one. */
    panelToken: 0,
    turns: 0,
    /** The finished turns, oldest first: {question, reply} or {question, error}. */
    history: [],
  };

  /** Document bytes by doc_id, as promises, so each document is fetched once. */
  const documents = new Map();

  /** What GET /docs says of each document, by doc_id; filled at start. */
  const documentInfo = new Map();

  /** Decodes UTF-8 bytes; invalid sequences become U+FFFD instead of failing. */
  const utf8 = new TextDecoder("utf-8");

  // ---------------------------------------------------------------------------------
  // Small DOM builders. `children` are nodes or strings; strings become text nodes.

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "class") el.className = value;
      else if (name === "text") el.textContent = value;
      else el.setAttribute(name, value);
    }
    el.append(...children);
    return el;
  }

  const SVG = "http://www.w3.org/2000/svg";

  /** A small inline icon of a circle crossed by a slash ("not in the corpus"). */
  function refusalIcon() {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "icon");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const circle = document.createElementNS(SVG, "circle");
    circle.setAttribute("cx", "8");
    circle.setAttribute("cy", "8");
    circle.setAttribute("r", "6.25");
    const slash = document.createElementNS(SVG, "line");
    slash.setAttribute("x1", "3.6");
    slash.setAttribute("y1", "12.4");
    slash.setAttribute("x2", "12.4");
    slash.setAttribute("y2", "3.6");
    svg.append(circle, slash);
    return svg;
  }

  function announce(message) {
    // Clearing first makes a repeated message announced again.
    els.announcer.textContent = "";
    window.setTimeout(() => {
      els.announcer.textContent = message;
    }, 60);
  }

  /** "26 November 2019" for an ISO date; any other text as written. */
  function formatDate(date) {
    if (typeof date !== "string") return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
    if (!m) return date;
    const when = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(when.getTime())) return date;
    return new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }).format(when);
  }

  /** The URL when it is an http(s) address, else null: nothing else becomes a link. */
  function webAddress(url) {
    if (typeof url !== "string") return null;
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
    } catch {
      return null;
    }
  }

  /** "China Daily, 26 November 2019": a document's source and date, as known. */
  function sourceLine(info) {
    if (!info) return "";
    return [info.source, formatDate(info.date)].filter((part) => part).join(", ");
  }

  /** The first words of a text, for an accessible name: at most NAME_WORDS words. */
  function firstWords(text) {
    const words = String(text || "").split(/\s+/).filter((w) => w);
    const head = words.slice(0, NAME_WORDS).join(" ");
    return words.length > NAME_WORDS ? `${head}…` : head;
  }

  /** Text without its [n] markers and with single spaces, to compare sentences. */
  function plainSentence(text) {
    return String(text).replace(/\s*\[\d{1,4}\]/g, "").replace(/\s+/g, " ").trim();
  }

  // ---------------------------------------------------------------------------------
  // What the corpus holds: the heading, the tagline and the list on the empty page come
  // from GET /docs, never from text written into the page.

  async function loadHoldings() {
    let list;
    let questions;
    try {
      const response = await fetch("/docs", { headers: { Accept: "application/json" } });
      if (!response.ok) throw new AskError(`status ${response.status}`);
      const body = await response.json();
      list = Array.isArray(body.documents) ? body.documents : [];
      questions = Array.isArray(body.questions) ? body.questions.filter((q) => typeof q === "string") : [];
    } catch {
      els.holdings.replaceChildren(
        h("li", { class: "hint", text: "The list of documents could not be loaded; questions still work." }),
      );
      renderExamples([]);
      return;
    }
    for (const info of list) {
      if (info && typeof info.doc_id === "string") documentInfo.set(info.doc_id, info);
    }
    renderHoldings(list);
    renderExamples(questions);
  }

  /** Buttons that ask the questions the server offers to start with (the engine's own,
   * each answered by it); without any, the heading goes too. */
  function renderExamples(questions) {
    const items = questions.map((text) => {
      const button = h("button", { type: "button", class: "example", text });
      button.addEventListener("click", () => {
        els.question.focus();
        ask(text);
      });
      return h("li", {}, button);
    });
    els.examples.replaceChildren(...items);
    els.examples.hidden = items.length === 0;
    els.examplesHeading.hidden = items.length === 0;
  }

  function renderHoldings(list) {
    if (list.length === 0) {
      els.holdings.replaceChildren(h("li", { class: "hint", text: "The corpus holds no documents." }));
      return;
    }
    const items = list.map((info) => {
      const title = info.title || info.doc_id;
      const line = sourceLine(info);
      const item = h("li", {}, h("span", { class: "holding-title", text: title }));
      if (line) item.append(h("span", { class: "holding-meta", text: line }));
      const web = webAddress(info.url);
      if (web) {
        item.append(
          h("a", { class: "holding-link", href: web.href, target: "_blank", rel: "noopener noreferrer" }, `Original at ${web.host}`),
        );
      }
      return item;
    });
    els.holdings.replaceChildren(...items);

    const first = list[0];
    const firstTitle = first.title || first.doc_id;
    if (list.length === 1) {
      els.heading.textContent = `Questions on “${firstTitle}”`;
      const line = sourceLine(first);
      els.tagline.textContent = line
        ? `${line}. Every answer rests on the article's own sentences, which you can open.`
        : "Every answer rests on the article's own sentences, which you can open.";
      document.title = `${firstTitle} · lanzhou-qa`;
    } else {
      els.heading.textContent = `Questions on ${list.length} articles`;
      const sources = [...new Set(list.map((info) => info.source).filter((s) => s))];
      const from = sources.length > 0 ? `From ${sources.slice(0, 3).join(", ")}${sources.length > 3 ? " and others" : ""}. ` : "";
      els.tagline.textContent = `${from}Every answer rests on the articles' own sentences, which you can open.`;
      document.title = `${list.length} articles · lanzhou-qa`;
    }
    measureChrome();
  }

  // ---------------------------------------------------------------------------------
  // Server-sent events over fetch (EventSource cannot POST).

  /**
   * Returns a parser that is fed decoded text and calls `onEvent(name, data)` for every
   * complete event, following the SSE line rules (CRLF, LF or CR line ends, `data` lines
   * joined with newlines, comment lines ignored).
   */
  function sseParser(onEvent) {
    let buffer = "";
    let eventName = "";
    let data = [];

    const dispatch = () => {
      if (data.length > 0) onEvent(eventName || "message", data.join("\n"));
      eventName = "";
      data = [];
    };

    const line = (text) => {
      if (text === "") {
        dispatch();
        return;
      }
      if (text.startsWith(":")) return;
      const colon = text.indexOf(":");
      const field = colon === -1 ? text : text.slice(0, colon);
      let value = colon === -1 ? "" : text.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "event") eventName = value;
      else if (field === "data") data.push(value);
    };

    return {
      push(text, final) {
        buffer += text;
        const ends = /\r\n|\r|\n/g;
        let consumed = 0;
        let m;
        while ((m = ends.exec(buffer)) !== null) {
          // A CR at the very end may be the first half of a CRLF split across chunks.
          if (m[0] === "\r" && m.index === buffer.length - 1 && !final) break;
          line(buffer.slice(consumed, m.index));
          consumed = m.index + m[0].length;
        }
        buffer = buffer.slice(consumed);
        if (final) {
          if (buffer !== "") line(buffer);
          buffer = "";
          dispatch();
        }
      },
    };
  }

  /** An error whose message is meant for the reader. */
  class AskError extends Error {}

  /** Returns the human message of an error response: `{"error": {"code", "message"}}`. */
  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && typeof body.error.message === "string") {
        return body.error.message;
      }
    } catch {
      // Not JSON: fall through to the status line.
    }
    return `The server replied with status ${response.status}.`;
  }

  /**
   * Reads an SSE answer stream: appends every `delta` to the turn as it arrives and
   * returns the Reply of the `reply` event. Fails when the stream reports an error or
   * ends without a reply.
   */
  async function readAnswerStream(response, turn) {
    const reader = response.body.getReader();
    const text = new TextDecoder("utf-8");
    let reply = null;
    let finished = false;
    let failure = null;

    const parser = sseParser((name, data) => {
      let payload;
      try {
        payload = JSON.parse(data);
      } catch {
        payload = null;
      }
      if (name === "delta" && payload && typeof payload.text === "string") {
        turn.stream.appendData(payload.text);
      } else if (name === "reply" && payload && typeof payload === "object") {
        reply = payload;
      } else if (name === "done") {
        finished = true;
      } else if (name === "error") {
        const message = payload && payload.error && payload.error.message;
        failure = typeof message === "string" ? message : "The server could not finish the answer.";
      }
    });

    try {
      while (!finished && failure === null) {
        const { value, done } = await reader.read();
        if (done) {
          parser.push(text.decode(), true);
          break;
        }
        parser.push(text.decode(value, { stream: true }), false);
      }
    } finally {
      if (finished || failure !== null) reader.cancel().catch(() => {});
    }
    if (failure !== null) throw new AskError(failure);
    if (reply === null) throw new AskError("The answer stream ended before the answer was complete.");
    return reply;
  }

  // ---------------------------------------------------------------------------------
  // Asking.

  function setBusy(busy) {
    // The button stays focusable (aria-disabled, not disabled) so focus is not lost.
    els.send.setAttribute("aria-disabled", busy ? "true" : "false");
    els.form.setAttribute("aria-busy", busy ? "true" : "false");
  }

  async function ask(questionText) {
    if (state.controller !== null) {
      announce("Still answering the previous question.");
      return;
    }
    if (questionText.trim() === "") {
      announce("Type a question first.");
      els.question.focus();
      return;
    }
    const controller = new AbortController();
    state.controller = controller;
    setBusy(true);
    els.question.value = "";
    const turn = addTurn(questionText);
    bringIntoView(turn.li);

    const body = { question: questionText, stream: true };
    if (state.session !== null) body.session = state.session;

    try {
      const response = await fetch("/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      if (!response.ok) throw new AskError(await errorMessage(response));
      const type = response.headers.get("Content-Type") || "";
      const reply = type.includes("text/event-stream")
        ? await readAnswerStream(response, turn)
        : await response.json();
      if (controller.signal.aborted) return;
      if (typeof reply.session === "string" && reply.session !== "") {
        state.session = reply.session;
      }
      renderReply(turn, reply);
      remember({ question: questionText, reply });
      announceReply(reply);
    } catch (err) {
      if (controller.signal.aborted) return;
      const message =
        err instanceof AskError ? err.message : "The server could not be reached. Check that it is running and try again.";
      renderError(turn, message);
      remember({ question: questionText, error: message });
      announce(`Could not answer: ${message}`);
    } finally {
      if (state.controller === controller) {
        state.controller = null;
        setBusy(false);
      }
    }
  }

  /** Adds a question and an empty, streaming answer to the transcript. */
  function addTurn(questionText) {
    state.turns += 1;
    const id = `turn-${state.turns}`;
    els.intro.hidden = true;

    const stream = document.createTextNode("");
    const label = h("h2", { class: "answer-label", id: `${id}-label` }, "Answering…");
    const answerText = h("p", { class: "answer-text" }, stream);
    const answer = h(
      "article",
      { class: "answer", "data-state": "streaming", "aria-busy": "true", "aria-labelledby": `${id}-label` },
      label,
      answerText,
    );
    const li = h(
      "li",
      { class: "turn", id },
      h(
        "div",
        { class: "question" },
        h("span", { class: "visually-hidden", text: "You asked: " }),
        h("p", { class: "question-text", text: questionText }),
      ),
      answer,
    );
    els.transcript.append(li);
    return { li, answer, label, answerText, stream, n: state.turns };
  }

  /**
   * Scrolls so that a turn's top sits just under the header, as chat pages keep the
   * newest exchange in view; the last turn is tall enough (CSS) for that to be possible.
   */
  function bringIntoView(li) {
    measureChrome();
    const reduced = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    li.scrollIntoView({ block: "start", behavior: reduced ? "auto" : "smooth" });
  }

  /** Publishes the header's and question box's heights to the CSS, which keeps turns clear of them. */
  function measureChrome() {
    const root = document.documentElement.style;
    root.setProperty("--header-height", `${Math.ceil(els.masthead.getBoundingClientRect().height)}px`);
    root.setProperty("--ask-height", `${Math.ceil(els.form.getBoundingClientRect().height)}px`);
  }

  // ---------------------------------------------------------------------------------
  // Rendering a reply.

  /**
   * Builds a text with every `[n]` marker that names a citation replaced by a button
   * opening that citation. Everything else stays text.
   */
  function markedText(text, citationsByN) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const m of text.matchAll(/\[(\d{1,4})\]/g)) {
      const citation = citationsByN.get(Number(m[1]));
      if (!citation) continue;
      fragment.append(text.slice(last, m.index), citeButton(citation));
      last = m.index + m[0].length;
    }
    fragment.append(text.slice(last));
    return fragment;
  }

  function citeButton(citation) {
    const button = h("button", {
      type: "button",
      class: "cite",
      "aria-controls": "source-panel",
      "aria-label": `Source ${citation.n}: ${firstWords(citation.snippet) || citation.title}`,
      "data-n": String(citation.n),
      text: `[${citation.n}]`,
    });
    button.addEventListener("click", () => openSource(citation, button, `Source [${citation.n}]`));
    return button;
  }

  /** The body start of a document, from GET /docs; 0 when unknown. */
  function bodyStart(docId) {
    const info = documentInfo.get(docId);
    return info && Number.isInteger(info.body_start) ? info.body_start : 0;
  }

  /** True if and only if a citation lies in its document's front matter. */
  function inFrontMatter(citation) {
    return Number.isInteger(citation.end) && citation.end <= bodyStart(citation.doc_id);
  }

  /**
   * "Date: 26 November 2019": a front-matter line cited as one of the document's
   * details, told in words rather than shown as the raw `key: value` line.
   */
  function detailText(citation) {
    const snippet = String(citation.snippet || "");
    const colon = snippet.indexOf(":");
    if (colon === -1) return snippet;
    const key = snippet.slice(0, colon).trim().toLowerCase();
    const value = snippet.slice(colon + 1).trim();
    const label = key.charAt(0).toUpperCase() + key.slice(1);
    return `${label}: ${key === "date" ? formatDate(value) : value}`;
  }

  /** A list of passages (sources or related), each with its title and sentence. */
  function passageList(citations, kind, turnN) {
    const list = h("ol", { class: `passages ${kind}` });
    for (const citation of citations) {
      const heading = kind === "related" ? "Related passage" : `Source [${citation.n}]`;
      const open = h("button", {
        type: "button",
        class: "passage-open",
        "aria-controls": "source-panel",
        text: kind === "related" ? "Show in context" : `[${citation.n}]`,
      });
      const about = firstWords(citation.snippet);
      open.setAttribute(
        "aria-label",
        kind === "related"
          ? `Show in context: ${about}`
          : `Show source ${citation.n} of answer ${turnN} in context: ${about}`,
      );
      open.addEventListener("click", () => openSource(citation, open, heading));
      const info = documentInfo.get(citation.doc_id);
      const meta = sourceLine(info);
      const detail = inFrontMatter(citation);
      list.append(
        h(
          "li",
          {},
          open,
          " ",
          h("span", { class: "passage-title", text: citation.title || citation.doc_id }),
          meta ? h("span", { class: "passage-meta", text: ` · ${meta}` }) : "",
          h("span", {
            class: detail ? "passage-snippet detail" : "passage-snippet",
            text: detail ? `From the document's details. ${detailText(citation)}` : citation.snippet,
          }),
        ),
      );
    }
    return list;
  }

  function part(kind, title, ...children) {
    return h("div", { class: `part ${kind}` }, h("h3", { text: title }), ...children);
  }

  /**
   * Returns a test of whether a line of working uses a figure: its number as written
   * ("4.298 billion" of "4.298 billion yuan"), not inside a longer number. A ratio such as
   * "2:34:64" is not matched, as its parts are too short to find reliably.
   */
  function usesFigure(surface) {
    const text = String(surface || "");
    if (text.includes(":")) return () => false;
    const m = /\d[\d,]*(?:\.\d+)?(?:\s*(?:thousand|million|billion|trillion))?/i.exec(text);
    if (!m) return () => false;
    const number = m[0].replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const pattern = new RegExp(`(?:^|[^\\d.,])${number}(?![\\d]|[.,]\\d)`);
    return (line) => pattern.test(line);
  }

  /**
   * The working of a computed answer: the expression as steps, one per line ("a ÷ b",
   * "= c"), each followed by the citations of the figures it uses, and the figures the
   * computation starts from.
   */
  function working(derivation, facts, byN) {
    const used = [];
    const seen = new Set();
    for (const fact of facts) {
      if (!fact || seen.has(fact.id)) continue;
      seen.add(fact.id);
      used.push(fact);
    }
    const steps = h("ol", { class: "steps" });
    for (const statement of derivation.expression.split(/;\s+/)) {
      const pieces = statement.split(/\s+=\s+/);
      pieces.forEach((piece, i) => {
        const line = i === 0 ? piece : `= ${piece}`;
        const cited = [];
        for (const fact of used) {
          if (usesFigure(fact.surface)(line) && byN.has(fact.n) && !cited.includes(fact.n)) cited.push(fact.n);
        }
        const item = h("li", {}, h("code", { text: line }));
        for (const n of cited) item.append(" ", citeButton(byN.get(n)));
        steps.append(item);
      });
    }
    const parts = [steps];
    const inputs = used.filter((fact) => byN.has(fact.n) && fact.surface);
    if (inputs.length > 0) {
      const rows = inputs.map((fact) => {
        const year = fact.base_year && fact.year ? `${fact.base_year}–${fact.year}` : fact.year ? String(fact.year) : "";
        const of = [fact.subject, fact.measure, year].filter((x) => x).join(", ");
        return h(
          "tr",
          {},
          h("td", { text: fact.surface }),
          h("td", { text: of }),
          h("td", {}, citeButton(byN.get(fact.n))),
        );
      });
      parts.push(
        h(
          "table",
          { class: "inputs" },
          h("caption", { text: "Figures used" }),
          h(
            "thead",
            {},
            h("tr", {}, ...["Figure", "Of", "Source"].map((name) => h("th", { scope: "col", text: name }))),
          ),
          h("tbody", {}, ...rows),
        ),
      );
    }
    return part("working", "How this was computed", ...parts);
  }

  /** Buttons that ask the suggested follow-ups in this conversation. */
  function suggestionList(suggestions) {
    const list = h("ul", { class: "suggestions-list" });
    for (const text of suggestions) {
      const button = h("button", { type: "button", class: "suggestion", text });
      button.addEventListener("click", () => {
        els.question.focus();
        ask(text);
      });
      list.append(h("li", {}, button));
    }
    return part("suggestions", "You could also ask", list);
  }

  function renderReply(turn, reply) {
    const citations = Array.isArray(reply.citations) ? reply.citations : [];
    const related = (Array.isArray(reply.related) ? reply.related : []).filter((c) => !inFrontMatter(c));
    const facts = Array.isArray(reply.facts) ? reply.facts : [];
    const answerText = typeof reply.answer === "string" ? reply.answer : "";
    const spoken = plainSentence(answerText);
    // A note the answer already says is not repeated.
    const notes = (Array.isArray(reply.notes) ? reply.notes : [])
      .filter((n) => typeof n === "string")
      .filter((n) => !spoken.includes(plainSentence(n)));
    const suggestions = (Array.isArray(reply.suggestions) ? reply.suggestions : []).filter(
      (s) => typeof s === "string" && s.trim() !== "",
    );
    const answered = reply.answered === true;
    const byN = new Map(citations.map((c) => [c.n, c]));

    turn.answer.classList.toggle("refusal", !answered);
    turn.label.replaceChildren(...(answered ? ["Answer"] : [refusalIcon(), " Not in the corpus"]));
    turn.answerText.replaceChildren(markedText(answerText, byN));

    const derivation = reply.derivation;
    if (derivation && typeof derivation.expression === "string" && derivation.expression.trim() !== "") {
      turn.answer.append(working(derivation, facts, byN));
    }
    if (notes.length > 0) {
      turn.answer.append(
        part("notes", "Consistency notes", h("ul", {}, ...notes.map((note) => h("li", {}, markedText(note, byN))))),
      );
    }
    if (citations.length > 0) {
      turn.answer.append(part("sources", "Sources", passageList(citations, "cited", turn.n)));
    }
    if (related.length > 0) {
      turn.answer.append(
        part("related", "Related passages (they do not answer the question)", passageList(related, "related", turn.n)),
      );
    }
    if (suggestions.length > 0) {
      turn.answer.append(suggestionList(suggestions));
    }
    turn.answer.append(h("div", { class: "answer-actions" }, copyButton(answerText, citations)));

    turn.answer.setAttribute("data-state", "done");
    turn.answer.setAttribute("aria-busy", "false");
  }

  function announceReply(reply) {
    const spoken = plainSentence(typeof reply.answer === "string" ? reply.answer : "");
    announce(reply.answered === true ? `Answer: ${spoken}` : `Not in the corpus. ${spoken}`);
  }

  function renderError(turn, message) {
    turn.answer.classList.add("error");
    turn.label.textContent = "Could not answer";
    turn.answerText.replaceChildren(message);
    turn.answer.setAttribute("data-state", "error");
    turn.answer.setAttribute("aria-busy", "false");
  }

  // ---------------------------------------------------------------------------------
  // Keeping the conversation across reloads.

  function remember(entry) {
    state.history.push(entry);
    save();
  }

  function save() {
    try {
      const turns = state.history.slice(-STORED_TURNS);
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ session: state.session, turns }));
    } catch {
      // Storage full or disabled: the conversation still works, it is just not kept.
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Nothing was kept.
    }
  }

  /** Shows the conversation kept in storage, if any, as it was. */
  function restore() {
    let kept;
    try {
      kept = JSON.parse(window.localStorage.getItem(STORAGE_KEY) || "null");
    } catch {
      kept = null;
    }
    if (!kept || !Array.isArray(kept.turns) || kept.turns.length === 0) return;
    if (typeof kept.session === "string" && /^[A-Za-z0-9_-]{1,128}$/.test(kept.session)) {
      state.session = kept.session;
    }
    for (const entry of kept.turns) {
      if (!entry || typeof entry.question !== "string") continue;
      const turn = addTurn(entry.question);
      if (entry.reply && typeof entry.reply === "object") renderReply(turn, entry.reply);
      else renderError(turn, typeof entry.error === "string" ? entry.error : "This question was not answered.");
      state.history.push(entry);
    }
    if (state.history.length > 0) {
      const last = els.transcript.lastElementChild;
      if (last) window.requestAnimationFrame(() => last.scrollIntoView({ block: "start" }));
    }
  }

  // ---------------------------------------------------------------------------------
  // Copying an answer and exporting the conversation.

  /** "[1] Lanzhou's industries (China Daily, 26 November 2019): the sentence". */
  function sourceText(citation) {
    const meta = sourceLine(documentInfo.get(citation.doc_id));
    const where = meta ? `${citation.title} (${meta})` : citation.title;
    const text = inFrontMatter(citation) ? detailText(citation) : citation.snippet;
    return { where, text };
  }

  function copyButton(answerText, citations) {
    const button = h("button", { type: "button", class: "copy secondary", text: "Copy answer" });
    const sources = citations.map((c) => {
      const { where, text } = sourceText(c);
      return `[${c.n}] ${where}: ${text}`;
    });
    const text = sources.length > 0 ? `${answerText}\n\nSources:\n${sources.join("\n")}` : answerText;
    button.addEventListener("click", async () => {
      const copied = await copyText(text);
      button.textContent = copied ? "Copied" : "Copy failed";
      announce(copied ? "Answer copied." : "Could not copy; select the answer text instead.");
      window.setTimeout(() => {
        button.textContent = "Copy answer";
      }, 2000);
    });
    return button;
  }

  async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        return true;
      } catch {
        // Denied or unavailable: try the selection fallback.
      }
    }
    const area = h("textarea", { class: "copy-buffer", readonly: "", "aria-hidden": "true", tabindex: "-1" });
    area.value = text;
    const focused = document.activeElement;
    document.body.append(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    area.remove();
    if (focused instanceof HTMLElement) focused.focus();
    return copied;
  }

  /**
   * Escapes text for Markdown so that corpus and question text stays text: no links,
   * markup or emphasis can come from it. Citation markers [n] are kept as they are.
   */
  function markdownText(text) {
    return String(text)
      .replace(/\r?\n/g, " ")
      .replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`)
      .replace(/^([#>+-])/, "\\$1")
      .replace(/\\\[(\d{1,4})\\\]/g, "[$1]");
  }

  /** The conversation as a Markdown document, with each answer's working and sources. */
  function conversationMarkdown() {
    const lines = [`# ${markdownText(els.heading.textContent || "lanzhou-qa")}`, ""];
    const when = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric" }).format(new Date());
    lines.push(`Exported from lanzhou-qa (${markdownText(window.location.origin)}) on ${when}.`, "");
    state.history.forEach((entry, i) => {
      lines.push(`## ${i + 1}. ${markdownText(entry.question)}`, "");
      if (!entry.reply) {
        lines.push(`*Could not answer:* ${markdownText(entry.error || "")}`, "");
        return;
      }
      const reply = entry.reply;
      if (reply.answered !== true) lines.push("*Not in the corpus.*", "");
      lines.push(markdownText(reply.answer || ""), "");
      if (reply.derivation && typeof reply.derivation.expression === "string") {
        lines.push("How this was computed:", "", `    ${reply.derivation.expression}`, "");
      }
      const citations = Array.isArray(reply.citations) ? reply.citations : [];
      if (citations.length > 0) {
        lines.push("Sources:", "");
        for (const c of citations) {
          const { where, text } = sourceText(c);
          lines.push(`- [${c.n}] ${markdownText(where)}, bytes ${c.start}–${c.end} of ${markdownText(c.doc_id)}: “${markdownText(text)}”`);
        }
        lines.push("");
      }
    });
    return `${lines.join("\n").trimEnd()}\n`;
  }

  function exportConversation() {
    if (state.history.length === 0) {
      announce("There is nothing to export yet: ask a question first.");
      return;
    }
    const blob = new Blob([conversationMarkdown()], { type: "text/markdown;charset=utf-8" });
    const url = URL.createObjectURL(blob);
    const day = new Date().toISOString().slice(0, 10);
    const link = h("a", { href: url, download: `lanzhou-qa-conversation-${day}.md`, class: "visually-hidden" });
    document.body.append(link);
    link.click();
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
    announce("The conversation was exported as a Markdown file.");
  }

  // ---------------------------------------------------------------------------------
  // The source panel: the cited sentence highlighted inside its paragraph, or the whole
  // document; never the front matter, which is shown as the document's details instead.

  /** Returns the bytes of a document, fetching it once. */
  function documentBytes(docId) {
    let pending = documents.get(docId);
    if (!pending) {
      pending = fetch(`/docs/${encodeURIComponent(docId)}`).then(async (response) => {
        if (!response.ok) throw new AskError(`The document could not be loaded (status ${response.status}).`);
        return new Uint8Array(await response.arrayBuffer());
      });
      documents.set(docId, pending);
      pending.catch(() => documents.delete(docId));
    }
    return pending;
  }

  const NEWLINE = 0x0a;

  /** True if and only if bytes[from..to) hold only spaces, tabs and carriage returns. */
  function blankBytes(bytes, from, to) {
    for (let i = from; i < to; i += 1) {
      const b = bytes[i];
      if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
    }
    return true;
  }

  /** Returns the offset of the first byte of the line that holds byte `pos`. */
  function lineStart(bytes, pos) {
    // A negative fromIndex would count from the end, so the first line is handled apart.
    return pos <= 0 ? 0 : bytes.lastIndexOf(NEWLINE, pos - 1) + 1;
  }

  /**
   * Returns the byte range of the paragraph around bytes[start..end): from the line after
   * the nearest blank line before `start` (never before `floor`, where the body begins)
   * to the end of the line before the nearest blank line after `end` (or the document's
   * end). All positions are byte offsets.
   */
  function paragraphAround(bytes, start, end, floor) {
    let from = Math.max(lineStart(bytes, start), floor);
    while (from > floor) {
      const previousStart = Math.max(lineStart(bytes, from - 1), floor);
      if (blankBytes(bytes, previousStart, from - 1)) break;
      from = previousStart;
    }
    let to = bytes.indexOf(NEWLINE, Math.max(end - 1, start));
    if (to === -1) return [from, bytes.length];
    for (;;) {
      const nextStart = to + 1;
      if (nextStart >= bytes.length) return [from, to];
      let nextEnd = bytes.indexOf(NEWLINE, nextStart);
      if (nextEnd === -1) nextEnd = bytes.length;
      if (blankBytes(bytes, nextStart, nextEnd)) return [from, to];
      to = nextEnd;
      if (to === bytes.length) return [from, to];
    }
  }

  /** The cited bytes of a citation, when they are where it says and match its snippet. */
  function citedText(bytes, citation) {
    const { start, end } = citation;
    const inRange =
      Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes.length;
    const cited = inRange ? utf8.decode(bytes.subarray(start, end)) : null;
    if (cited === null || (typeof citation.snippet === "string" && cited !== citation.snippet)) return null;
    return cited;
  }

  function misplaced(citation) {
    return h(
      "div",
      {},
      h("p", { class: "passage" }, h("mark", { text: citation.snippet || "" })),
      h("p", {
        class: "hint",
        text: "The sentence could not be found at its place in the document, so it is shown alone.",
      }),
    );
  }

  /** The document's details (title, source, date, place, address), the cited one marked. */
  function detailsNode(citation) {
    const info = documentInfo.get(citation.doc_id) || {};
    const snippet = String(citation.snippet || "");
    const citedKey = snippet.includes(":") ? snippet.slice(0, snippet.indexOf(":")).trim().toLowerCase() : "";
    const list = h("dl", { class: "details" });
    const rows = [
      ["title", "Title", info.title],
      ["source", "Source", info.source],
      ["date", "Date", formatDate(info.date)],
      ["place", "Place", info.place],
      ["url", "Address", info.url],
    ];
    for (const [key, label, value] of rows) {
      if (!value) continue;
      const text = key === citedKey ? h("mark", { text: value }) : value;
      list.append(h("dt", { text: label }), h("dd", {}, text));
    }
    return h(
      "div",
      {},
      h("p", { class: "hint", text: "This comes from the document's details, not from its text." }),
      list,
    );
  }

  /** The paragraph around a citation, with the cited bytes in a <mark>. */
  function passageNode(bytes, citation) {
    if (inFrontMatter(citation)) return detailsNode(citation);
    const cited = citedText(bytes, citation);
    if (cited === null) return misplaced(citation);
    const { start, end } = citation;
    const floor = Math.min(bodyStart(citation.doc_id), start);
    let [from, to] = paragraphAround(bytes, start, end, floor);
    if (to - from > 8000) {
      // A document without blank lines: show the cited lines only.
      from = Math.max(lineStart(bytes, start), floor);
      const lineEnd = bytes.indexOf(NEWLINE, end);
      to = lineEnd === -1 ? bytes.length : lineEnd;
    }
    const before = utf8.decode(bytes.subarray(from, start)).replace(/^\s+/, "");
    const after = utf8.decode(bytes.subarray(end, to)).replace(/\s+$/, "");
    return h("p", { class: "passage" }, before, h("mark", { text: cited }), after);
  }

  /** The whole body of the document (without its front matter), the cited bytes marked. */
  function wholeNode(bytes, citation) {
    const floor = bodyStart(citation.doc_id);
    const cited = inFrontMatter(citation) ? null : citedText(bytes, citation);
    const paragraphs = (from, to) =>
      utf8
        .decode(bytes.subarray(from, to))
        .split(/\n[ \t\r]*\n/)
        .filter((p) => p.trim() !== "");
    const body = h("div", { class: "whole" });
    if (cited === null) {
      for (const text of paragraphs(floor, bytes.length)) body.append(h("p", { class: "passage", text: text.trim() }));
      return body;
    }
    const [from, to] = paragraphAround(bytes, citation.start, citation.end, floor);
    for (const text of paragraphs(floor, from)) body.append(h("p", { class: "passage", text: text.trim() }));
    const before = utf8.decode(bytes.subarray(from, citation.start)).replace(/^\s+/, "");
    const after = utf8.decode(bytes.subarray(citation.end, to)).replace(/\s+$/, "");
    body.append(h("p", { class: "passage" }, before, h("mark", { text: cited }), after));
    for (const text of paragraphs(to, bytes.length)) body.append(h("p", { class: "passage", text: text.trim() }));
    return body;
  }

  /** Fills the panel's title, source line and link for a citation's document. */
  function panelDocument(citation) {
    const info = documentInfo.get(citation.doc_id);
    els.panelTitle.textContent = citation.title || citation.doc_id || "";
    els.panelMeta.textContent = sourceLine(info);
    els.panelMeta.hidden = els.panelMeta.textContent === "";
    const web = webAddress(info && info.url);
    if (web) {
      els.panelLink.href = web.href;
      els.panelLink.textContent = `Read the original at ${web.host}`;
      els.panelLink.hidden = false;
    } else {
      els.panelLink.removeAttribute("href");
      els.panelLink.hidden = true;
    }
  }

  async function showPanelContent(token) {
    const citation = state.panelCitation;
    if (!citation) return;
    els.panelBody.replaceChildren(h("p", { class: "hint", text: "Loading the passage…" }));
    els.panel.setAttribute("aria-busy", "true");
    els.wholeDocument.textContent = state.panelWhole ? "Show only the passage" : "Open the whole document";
    els.wholeDocument.setAttribute("aria-pressed", state.panelWhole ? "true" : "false");
    let content;
    try {
      const bytes = await documentBytes(citation.doc_id);
      content = state.panelWhole ? wholeNode(bytes, citation) : passageNode(bytes, citation);
    } catch (err) {
      const reason = err instanceof AskError ? err.message : "The document could not be loaded.";
      content = h(
        "div",
        {},
        h("p", { class: "passage" }, h("mark", { text: citation.snippet || "" })),
        h("p", { class: "hint", text: reason }),
      );
    }
    if (token !== state.panelToken || els.panel.hidden) return;
    els.panelBody.replaceChildren(content);
    els.panel.setAttribute("aria-busy", "false");
    const mark = els.panelBody.querySelector("mark");
    if (mark) mark.scrollIntoView({ block: "nearest" });
  }

  function openSource(citation, trigger, heading) {
    state.panelToken += 1;
    state.panelTrigger = trigger;
    state.panelCitation = citation;
    state.panelWhole = false;
    els.panelHeading.textContent = heading;
    panelDocument(citation);
    els.panel.hidden = false;
    if (els.layout) els.layout.classList.add("with-panel");
    els.panelHeading.focus();
    return showPanelContent(state.panelToken);
  }

  function closeSource(restoreFocus) {
    if (els.panel.hidden) return;
    state.panelToken += 1;
    els.panel.hidden = true;
    state.panelCitation = null;
    if (els.layout) els.layout.classList.remove("with-panel");
    const trigger = state.panelTrigger;
    state.panelTrigger = null;
    if (!restoreFocus) return;
    if (trigger && trigger.isConnected) trigger.focus();
    else els.question.focus();
  }

  // ---------------------------------------------------------------------------------
  // Conversation controls and keys.

  function newConversation() {
    if (state.controller !== null) {
      state.controller.abort();
      state.controller = null;
      setBusy(false);
    }
    state.session = null;
    state.history = [];
    forget();
    closeSource(false);
    els.transcript.replaceChildren();
    els.intro.hidden = false;
    els.question.value = "";
    els.question.focus();
    announce("New conversation started.");
  }

  /** True if and only if the element takes typed text (so "/" is typing, not a command). */
  function takesText(el) {
    if (!(el instanceof HTMLElement)) return false;
    if (el.isContentEditable) return true;
    if (el instanceof HTMLTextAreaElement) return true;
    if (el instanceof HTMLInputElement) {
      return !["button", "checkbox", "radio", "submit", "reset", "file", "color", "range", "image"].includes(el.type);
    }
    return false;
  }

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(els.question.value);
  });

  els.question.addEventListener("keydown", (event) => {
    const bare = !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (event.key === "Enter" && bare && !event.isComposing) {
      event.preventDefault();
      ask(els.question.value);
    } else if (event.key === "ArrowUp" && bare && els.question.value === "" && state.history.length > 0) {
      // Up in the empty box recalls the last question, to edit and send again.
      event.preventDefault();
      els.question.value = state.history[state.history.length - 1].question;
      const end = els.question.value.length;
      els.question.setSelectionRange(end, end);
    }
  });

  els.newConversation.addEventListener("click", newConversation);
  els.exportButton.addEventListener("click", exportConversation);
  els.closePanel.addEventListener("click", () => closeSource(true));
  els.wholeDocument.addEventListener("click", () => {
    if (!state.panelCitation) return;
    state.panelWhole = !state.panelWhole;
    state.panelToken += 1;
    showPanelContent(state.panelToken);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !els.panel.hidden) {
      event.preventDefault();
      closeSource(true);
    } else if (
      event.key === "/" &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      !takesText(document.activeElement)
    ) {
      event.preventDefault();
      els.question.focus();
    }
  });
  window.addEventListener("resize", measureChrome);

  setBusy(false);
  measureChrome();
  // The corpus list first, so restored sources know their documents' details.
  loadHoldings().finally(() => {
    restore();
    document.documentElement.setAttribute("data-ready", "true");
  });
})();
