// The chat page of lanzhou-qa: sends questions to POST /ask, renders the streamed answer,
// turns its [n] markers into buttons that open the cited sentence in its paragraph, and
// keeps the conversation's session id for follow-up questions.
//
// Every piece of text that comes from the corpus, the server or the user is inserted as a
// text node (textContent, append of strings); this file never assigns HTML.
"use strict";

(() => {
  const byId = (id) => {
    const el = document.getElementById(id);
    if (!el) throw new Error(`the page has no #${id}`);
    return el;
  };

  const els = {
    layout: document.querySelector(".layout"),
    form: byId("ask-form"),
    question: byId("question"),
    send: byId("send"),
    transcript: byId("transcript"),
    intro: byId("intro"),
    newConversation: byId("new-conversation"),
    panel: byId("source-panel"),
    panelHeading: byId("source-heading"),
    panelTitle: byId("source-title"),
    panelBody: byId("source-body"),
    closePanel: byId("close-panel"),
    announcer: byId("announcer"),
  };

  const state = {
    /** The session id of the current conversation, from its first reply. */
    session: null,
    /** Aborts the request in flight; null when idle. */
    controller: null,
    /** The button that opened the source panel, to return focus to. */
    panelTrigger: null,
    /** Increases with every panel opening, so a slow load cannot overwrite a newer one. */
    panelToken: 0,
    turns: 0,
    sections: 0,
  };

  /** Document bytes by doc_id, as promises, so each document is fetched once. */
  const documents = new Map();

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

  function announce(message) {
    // Clearing first makes a repeated message announced again.
    els.announcer.textContent = "";
    window.setTimeout(() => {
      els.announcer.textContent = message;
    }, 60);
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
    } catch (err) {
      if (controller.signal.aborted) return;
      const message =
        err instanceof AskError ? err.message : "The server could not be reached. Check that it is running and try again.";
      renderError(turn, message);
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
    const label = h("p", { class: "answer-label", id: `${id}-label`, text: "Answering…" });
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
    li.scrollIntoView({ block: "nearest" });
    return { li, answer, label, answerText, stream };
  }

  // ---------------------------------------------------------------------------------
  // Rendering a reply.

  /**
   * Builds the answer text with every `[n]` marker that names a citation replaced by a
   * button opening that citation. Everything else stays text.
   */
  function markedText(answer, citationsByN) {
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const m of answer.matchAll(/\[(\d{1,4})\]/g)) {
      const citation = citationsByN.get(Number(m[1]));
      if (!citation) continue;
      fragment.append(answer.slice(last, m.index), citeButton(citation));
      last = m.index + m[0].length;
    }
    fragment.append(answer.slice(last));
    return fragment;
  }

  function citeButton(citation) {
    const button = h("button", {
      type: "button",
      class: "cite",
      "aria-controls": "source-panel",
      "aria-label": `Source ${citation.n}: ${citation.title}`,
      "data-n": String(citation.n),
      text: `[${citation.n}]`,
    });
    button.addEventListener("click", () => openSource(citation, button, `Source [${citation.n}]`));
    return button;
  }

  /** A list of passages (sources or related), each with its title and sentence. */
  function passageList(citations, kind) {
    const list = h("ol", { class: `passages ${kind}` });
    for (const citation of citations) {
      const heading = kind === "related" ? "Related passage" : `Source [${citation.n}]`;
      const open = h("button", {
        type: "button",
        class: "passage-open",
        "aria-controls": "source-panel",
        text: kind === "related" ? "Show in context" : `[${citation.n}]`,
      });
      if (kind !== "related") open.setAttribute("aria-label", `Show source ${citation.n} in context`);
      open.addEventListener("click", () => openSource(citation, open, heading));
      list.append(
        h(
          "li",
          {},
          open,
          " ",
          h("span", { class: "passage-title", text: citation.title || citation.doc_id }),
          h("span", { class: "passage-snippet", text: citation.snippet }),
        ),
      );
    }
    return list;
  }

  function section(kind, title, ...children) {
    state.sections += 1;
    const id = `section-${state.sections}`;
    return h("section", { class: kind, "aria-labelledby": id }, h("h3", { id, text: title }), ...children);
  }

  function renderReply(turn, reply) {
    const citations = Array.isArray(reply.citations) ? reply.citations : [];
    const related = Array.isArray(reply.related) ? reply.related : [];
    const notes = Array.isArray(reply.notes) ? reply.notes.filter((n) => typeof n === "string") : [];
    const answerText = typeof reply.answer === "string" ? reply.answer : "";
    const answered = reply.answered === true;
    const byN = new Map(citations.map((c) => [c.n, c]));

    turn.answer.classList.toggle("refusal", !answered);
    turn.label.textContent = answered ? "Answer" : "Not in the corpus";
    turn.answerText.replaceChildren(markedText(answerText, byN));

    const derivation = reply.derivation;
    if ((derivation && typeof derivation.expression === "string") || notes.length > 0) {
      const parts = [];
      if (derivation && typeof derivation.expression === "string") {
        parts.push(h("p", { class: "expression" }, h("code", { text: derivation.expression })));
      }
      if (notes.length > 0) {
        parts.push(
          h("h4", { text: "Consistency notes" }),
          h("ul", { class: "notes" }, ...notes.map((note) => h("li", { text: note }))),
        );
      }
      const title = derivation ? "How this was computed" : "Notes on the figures";
      turn.answer.append(section("working", title, ...parts));
    }
    if (citations.length > 0) {
      turn.answer.append(section("sources", "Sources", passageList(citations, "cited")));
    }
    if (related.length > 0) {
      turn.answer.append(
        section("related", "Related passages (they do not answer the question)", passageList(related, "related")),
      );
    }
    turn.answer.append(h("div", { class: "answer-actions" }, copyButton(answerText, citations)));

    turn.answer.setAttribute("data-state", "done");
    turn.answer.setAttribute("aria-busy", "false");
    const spoken = answerText.replace(/\s*\[\d{1,4}\]/g, "");
    announce(answered ? `Answer: ${spoken}` : `Not in the corpus. ${spoken}`);
  }

  function renderError(turn, message) {
    turn.answer.classList.add("error");
    turn.label.textContent = "Could not answer";
    turn.answerText.replaceChildren(message);
    turn.answer.setAttribute("data-state", "error");
    turn.answer.setAttribute("aria-busy", "false");
    announce(`Could not answer: ${message}`);
  }

  // ---------------------------------------------------------------------------------
  // Copying an answer.

  function copyButton(answerText, citations) {
    const button = h("button", { type: "button", class: "copy secondary", text: "Copy answer" });
    const sources = citations.map((c) => `[${c.n}] ${c.title}: ${c.snippet}`);
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

  // ---------------------------------------------------------------------------------
  // The source panel: the cited sentence highlighted inside its paragraph.

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
   * the nearest blank line before `start` to the end of the line before the nearest blank
   * line after `end` (or the document's ends). All positions are byte offsets.
   */
  function paragraphAround(bytes, start, end) {
    let from = lineStart(bytes, start);
    while (from > 0) {
      const previousStart = lineStart(bytes, from - 1);
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

  /** The paragraph around a citation, with the cited bytes in a <mark>. */
  function passageNode(bytes, citation) {
    const { start, end } = citation;
    const inRange =
      Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= bytes.length;
    const cited = inRange ? utf8.decode(bytes.subarray(start, end)) : null;
    if (cited === null || (typeof citation.snippet === "string" && cited !== citation.snippet)) {
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
    let [from, to] = paragraphAround(bytes, start, end);
    if (to - from > 8000) {
      // A document without blank lines: show the cited lines only.
      from = lineStart(bytes, start);
      const lineEnd = bytes.indexOf(NEWLINE, end);
      to = lineEnd === -1 ? bytes.length : lineEnd;
    }
    const before = utf8.decode(bytes.subarray(from, start)).replace(/^\s+/, "");
    const after = utf8.decode(bytes.subarray(end, to)).replace(/\s+$/, "");
    return h("p", { class: "passage" }, before, h("mark", { text: cited }), after);
  }

  async function openSource(citation, trigger, heading) {
    state.panelToken += 1;
    const token = state.panelToken;
    state.panelTrigger = trigger;
    els.panelHeading.textContent = heading;
    els.panelTitle.textContent = citation.title || citation.doc_id || "";
    els.panelBody.replaceChildren(h("p", { class: "hint", text: "Loading the passage…" }));
    els.panel.setAttribute("aria-busy", "true");
    els.panel.hidden = false;
    if (els.layout) els.layout.classList.add("with-panel");
    els.panelHeading.focus();

    let content;
    try {
      content = passageNode(await documentBytes(citation.doc_id), citation);
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

  function closeSource(restoreFocus) {
    if (els.panel.hidden) return;
    state.panelToken += 1;
    els.panel.hidden = true;
    if (els.layout) els.layout.classList.remove("with-panel");
    const trigger = state.panelTrigger;
    state.panelTrigger = null;
    if (!restoreFocus) return;
    if (trigger && trigger.isConnected) trigger.focus();
    else els.question.focus();
  }

  // ---------------------------------------------------------------------------------
  // Conversation controls.

  function newConversation() {
    if (state.controller !== null) {
      state.controller.abort();
      state.controller = null;
      setBusy(false);
    }
    state.session = null;
    closeSource(false);
    els.transcript.replaceChildren();
    els.intro.hidden = false;
    els.question.value = "";
    els.question.focus();
    announce("New conversation started.");
  }

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(els.question.value);
  });

  els.question.addEventListener("keydown", (event) => {
    const plainEnter =
      event.key === "Enter" && !event.shiftKey && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (plainEnter && !event.isComposing) {
      event.preventDefault();
      ask(els.question.value);
    }
  });

  for (const example of document.querySelectorAll("button.example")) {
    example.addEventListener("click", () => {
      els.question.focus();
      ask(example.textContent || "");
    });
  }

  els.newConversation.addEventListener("click", newConversation);
  els.closePanel.addEventListener("click", () => closeSource(true));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !els.panel.hidden) {
      event.preventDefault();
      closeSource(true);
    }
  });

  setBusy(false);
})();
