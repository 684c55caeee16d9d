// Progressive enhancement only: every feature here has a no-JavaScript path.
import { createAll, ExitThisPage, ErrorSummary, Radios } from "../govuk/govuk-frontend.min.js";

createAll(ExitThisPage);
createAll(ErrorSummary);
createAll(Radios);

// Read aloud with the browser's own speech synthesis. The button stays hidden
// where the browser has no voices, so nobody is offered something that fails.
const listen = document.querySelector("[data-listen]");
if (listen && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
  const synth = window.speechSynthesis;
  const lang = document.documentElement.lang;
  const root = document.querySelector("[data-listen-root]") || document.querySelector("main");
  const setLabel = (speaking) => {
    listen.textContent = speaking ? listen.dataset.labelStop : listen.dataset.labelStart;
    listen.setAttribute("aria-pressed", speaking ? "true" : "false");
  };
  listen.hidden = false;
  setLabel(false);
  listen.addEventListener("click", () => {
    if (synth.speaking) {
      synth.cancel();
      setLabel(false);
      return;
    }
    const heading = document.querySelector("h1");
    const text = [heading ? heading.innerText : "", root ? root.innerText : ""].join(". ");
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.rate = 0.9;
    utterance.addEventListener("end", () => setLabel(false));
    utterance.addEventListener("error", () => setLabel(false));
    synth.speak(utterance);
    setLabel(true);
  });
  // Stop talking when the page is left, including by Exit this page.
  window.addEventListener("pagehide", () => synth.cancel());
}

// The assistant: send the form to the JSON API and add the answer to the
// conversation without a page load. Without JavaScript the form simply posts.
const chatForm = document.querySelector("[data-chat-form]");
const chatLog = document.querySelector("[data-chat-log]");
if (chatForm && chatLog && "fetch" in window) {
  const box = chatForm.querySelector("textarea");
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text; // user text is never parsed as HTML
    return node;
  };
  const ask = async (message) => {
    const d = chatForm.dataset;
    const mine = el("div", "app-chat__message app-chat__message--user");
    mine.append(el("h2", "govuk-heading-s govuk-!-margin-bottom-1", d.youAsked), el("p", "govuk-body govuk-!-margin-0", message));
    const theirs = el("div", "app-chat__message");
    const title = el("h2", "govuk-heading-s govuk-!-margin-bottom-1", d.answerTitle);
    title.tabIndex = -1;
    theirs.append(title, el("p", "govuk-body", d.waiting));
    chatLog.append(mine, theirs);
    try {
      const response = await fetch(d.api, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ message, lang: d.lang, area: d.area }),
      });
      const reply = await response.json();
      theirs.replaceChildren(title);
      if (!response.ok) {
        theirs.append(el("p", "govuk-body", reply.message || d.failed));
      } else {
        if (reply.emergency) theirs.classList.add("app-chat__message--emergency");
        // answer_html is authored guide text rendered by the server.
        const answer = el("div");
        answer.innerHTML = reply.answer_html;
        theirs.append(answer);
        if (reply.sources.length) {
          theirs.append(el("h3", "govuk-heading-s govuk-!-margin-bottom-1", reply.fallback ? d.mayHelp : d.more));
          const list = el("ul", "govuk-list");
          for (const source of reply.sources) {
            const link = el("a", "govuk-link", source.title);
            link.href = source.url;
            const item = el("li");
            item.append(link);
            list.append(item);
          }
          theirs.append(list);
        }
      }
    } catch {
      theirs.replaceChildren(title, el("p", "govuk-body", d.failed));
    }
    title.focus();
  };
  chatForm.addEventListener("submit", (event) => {
    const message = box.value.trim();
    if (!message) return; // let the server show the error message
    event.preventDefault();
    box.value = "";
    ask(message);
  });
  for (const button of document.querySelectorAll("[data-suggestion]")) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      ask(button.textContent.trim());
    });
  }
}
