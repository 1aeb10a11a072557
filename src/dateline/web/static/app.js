// dateline: entity suggestions as you type, and auto-apply of the "as of" picker.
// Everything is built with textContent: no server text is ever parsed as HTML.
"use strict";

function setupSuggest(input) {
  const list = document.getElementById(input.getAttribute("aria-controls"));
  if (!list) return;
  let active = -1;
  let timer = null;
  let latest = 0;

  function close() {
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function mark(index) {
    const options = list.querySelectorAll("[role=option]");
    options.forEach((el, i) => el.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && options[index]) {
      input.setAttribute("aria-activedescendant", options[index].id);
    }
  }

  async function load() {
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    const ticket = ++latest;
    const params = new URLSearchParams({ q: text, limit: "8" });
    let data;
    try {
      const response = await fetch("/api/entities?" + params.toString());
      if (!response.ok) { close(); return; }
      data = await response.json();
    } catch (err) { close(); return; }
    if (ticket !== latest) return; // a newer keystroke won
    list.replaceChildren();
    data.items.forEach((entity, i) => {
      const li = document.createElement("li");
      li.id = "suggestion-" + i;
      li.setAttribute("role", "option");
      li.dataset.href = "/entities/" + encodeURIComponent(entity.id);
      li.textContent = entity.name + " (" + entity.type + ")";
      li.addEventListener("mousedown", (event) => {
        event.preventDefault();
        window.location.assign(li.dataset.href);
      });
      list.appendChild(li);
    });
    const any = data.items.length > 0;
    list.hidden = !any;
    input.setAttribute("aria-expanded", String(any));
    active = -1;
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(load, 150);
  });
  input.addEventListener("keydown", (event) => {
    const options = list.querySelectorAll("[role=option]");
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      mark(Math.min(active + 1, options.length - 1));
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      mark(Math.max(active - 1, 0));
    } else if (event.key === "Enter" && active >= 0 && options[active]) {
      event.preventDefault();
      window.location.assign(options[active].dataset.href);
    } else if (event.key === "Escape") {
      close();
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
}

function setupAutosubmit(input) {
  input.addEventListener("change", () => {
    if (input.form && (input.value === "" || /^\d{4}-\d{2}-\d{2}$/.test(input.value))) {
      input.form.requestSubmit();
    }
  });
}

function focusHighlighted() {
  const target = document.querySelector(".sentence.highlighted");
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-suggest]").forEach(setupSuggest);
  document.querySelectorAll("[data-autosubmit]").forEach(setupAutosubmit);
  focusHighlighted();
});
