/* The story's change form (templates/admin/articles/article/change_form.html): a warning before leaving
   unsaved work, Preview of the text as typed, counters under the headline and body, and who else has the
   story open. Loaded from the site (CSP: no inline script); the form works without it. */
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("article_form");
  if (!form) return;
  const token = form.querySelector("[name=csrfmiddlewaretoken]")?.value || "";

  // Unsaved work: the form's values now against those it came with (the tag pickers change their selects
  // without any event a page can hear). A form shown back with errors holds edits not saved yet.
  const values = () => JSON.stringify(
    [...new FormData(form)]
      .filter(([name]) => name !== "csrfmiddlewaretoken")
      .map(([name, value]) => [name, value instanceof File ? value.name : value])
  );
  const loaded = values();
  const shownBack = Boolean(form.querySelector(".errorlist, .newsroom-conflict"));
  let leaving = false;
  form.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.formTarget === "_blank") return; // the preview: this page stays
    // A button that throws work away (discarding pending changes) asks first.
    const question = event.submitter && event.submitter.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    leaving = true;
  });
  window.addEventListener("beforeunload", (event) => {
    if (leaving || (!shownBack && values() === loaded)) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // Preview: the form as typed, posted to the preview in a new tab.
  const previewSubmit = form.querySelector(".newsroom-preview-submit");
  for (const link of document.querySelectorAll(".newsroom-preview-link")) {
    if (!previewSubmit) break;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      form.requestSubmit(previewSubmit);
    });
  }

  // Counters: a headline's length (with a hint when it runs long), a body's words.
  for (const field of form.querySelectorAll("[data-count]")) {
    const counter = document.createElement("p");
    counter.className = "newsroom-count help";
    counter.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", counter);
    const hintAfter = Number(field.dataset.hintAfter || 0);
    const update = () => {
      const text = field.value;
      if (field.dataset.count === "words") {
        const words = text.trim() ? text.trim().split(/\s+/).length : 0;
        counter.textContent = words === 1 ? "1 word" : `${words} words`;
        return;
      }
      const length = [...text].length;
      counter.textContent = length === 1 ? "1 character" : `${length} characters`;
      if (hintAfter && length > hintAfter) {
        counter.textContent += ` — over ${hintAfter}: search results and shared links may cut it short.`;
        counter.classList.add("newsroom-long");
      } else {
        counter.classList.remove("newsroom-long");
      }
    };
    field.addEventListener("input", update);
    update();
  }

  // The tag pickers' search boxes (select2's, made and remade by its script) take their field's label as
  // their name, so a screen reader tells Countries from Ministries from Topics.
  const namePickers = () => {
    for (const select of form.querySelectorAll("select.admin-autocomplete")) {
      const label = form.querySelector(`label[for="${select.id}"]`);
      const box = select.parentElement.querySelector(".select2-search__field");
      if (label && box && !box.hasAttribute("aria-label")) box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
    }
  };
  new MutationObserver(namePickers).observe(form, { childList: true, subtree: true });
  namePickers();

  // Who else has the story open: a heartbeat while the page is open, a last word when it closes.
  const presence = form.querySelector(".newsroom-presence[data-url]");
  if (presence && token) {
    const post = (fields) => {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return body;
    };
    const beat = async () => {
      try {
        const response = await fetch(presence.dataset.url, { method: "POST", body: post({}), credentials: "same-origin" });
        if (!response.ok) return;
        const { notice } = await response.json();
        presence.querySelector(".newsroom-presence-names").textContent = notice;
        presence.hidden = !notice;
      } catch (error) {
        // Offline for a moment: the next beat tries again.
      }
    };
    setInterval(beat, Number(presence.dataset.every || 15) * 1000);
    document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") beat(); });
    window.addEventListener("pageshow", (event) => { if (event.persisted) beat(); });
    window.addEventListener("pagehide", () => {
      if (!leaving) navigator.sendBeacon(presence.dataset.url, post({ leave: "1" }));
    });
  }
});
