// The "Copy the link" button on the page that shows a parent's new link.
// Progressive enhancement: without JavaScript (or a clipboard) the button stays
// hidden and the link is there to select and copy by hand.
const button = document.querySelector("[data-copy-target]");
const status = document.querySelector("[data-copy-status]");
if (button && navigator.clipboard && window.isSecureContext) {
  const link = document.getElementById(button.dataset.copyTarget);
  button.hidden = false;
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(link.href);
      if (status) status.textContent = button.dataset.copiedText;
    } catch {
      // Leave the link to be copied by hand.
    }
  });
}
