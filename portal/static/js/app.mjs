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
