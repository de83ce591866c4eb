// Dogear's small enhancements. Every page and form works without this file;
// with it, forms marked data-enhance post in the background (a refusal is
// shown beside its field, the page stays), forms and buttons marked
// data-confirm ask first, star ratings save once chosen (by keyboard, after
// a pause or on Enter), menus close when you click elsewhere, and the search
// box suggests as you type.
(() => {
  "use strict";

  let problems = 0;

  // Takes back what showProblem said on this form.
  function clearProblems(form) {
    for (const note of form.querySelectorAll(".field-error")) note.remove();
    for (const field of form.querySelectorAll("[aria-invalid]")) {
      field.removeAttribute("aria-invalid");
      const rest = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && !id.startsWith("problem-"));
      if (rest.length) field.setAttribute("aria-describedby", rest.join(" "));
      else field.removeAttribute("aria-describedby");
    }
  }

  // A form the server refused: its error page names the problem and the
  // field (data-problem, data-field). Say it beside that field, keep the page.
  function showProblem(form, html) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const said = doc.querySelector("[data-problem]");
    const message = said ? said.textContent.trim() : "That didn't work. Please try again in a moment.";
    const name = said && said.getAttribute("data-field");
    clearProblems(form);
    let field = name ? form.elements.namedItem(name) : null;
    if (field && !(field instanceof Element)) field = field[0] || null;
    if (field && field.type === "hidden") field = null;
    const note = document.createElement("p");
    note.className = "field-error";
    note.id = `problem-${++problems}`;
    note.setAttribute("role", "alert");
    note.textContent = message;
    if (field) {
      const place = field.closest(".star-row") || (field.type === "radio" ? field.closest("fieldset") : null) || field;
      place.insertAdjacentElement("afterend", note);
      field.setAttribute("aria-invalid", "true");
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? `${described} ${note.id}` : note.id);
      field.focus();
    } else {
      form.prepend(note);
    }
  }

  document.addEventListener("input", (event) => {
    const form = event.target && event.target.form;
    if (form && event.target.getAttribute("aria-invalid")) clearProblems(form);
  });

  // Asks before what can't be undone. Without this the form's confirmed=no
  // brings a page that asks instead.
  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      const question = (event.submitter && event.submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (!question) return;
      if (!window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      const confirmed = form.querySelector("input[name=confirmed]");
      if (confirmed) confirmed.value = "yes";
    },
    true
  );

  // Swaps in the main content (and header, for counts) of the page a form led to.
  function adopt(html, url) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.querySelector("main");
    if (!main) return false;
    const focusedId = document.activeElement && document.activeElement.id;
    // A panel the reader opened (Edit my reading) stays open; menus close.
    for (const open of document.querySelectorAll("main details[id][open]")) {
      const again = main.querySelector(`details[id="${CSS.escape(open.id)}"]`);
      if (again) again.open = true;
    }
    document.querySelector("main").replaceWith(main);
    const header = doc.querySelector("header.site");
    if (header) document.querySelector("header.site").replaceWith(header);
    document.title = doc.title;
    if (url) history.replaceState(null, "", url);
    const again = focusedId && document.getElementById(focusedId);
    if (again) again.focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-enhance")) return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form, event.submitter || undefined));
    form.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(form.action, { method: "POST", body, credentials: "same-origin" });
      const html = await response.text();
      if (!response.ok) {
        showProblem(form, html);
        return;
      }
      if (!adopt(html, response.url)) {
        window.location.assign(response.url);
        return;
      }
      if (form.hasAttribute("data-scroll-last")) {
        const comments = document.querySelectorAll("article.comment");
        const last = comments[comments.length - 1];
        if (last) {
          last.setAttribute("tabindex", "-1");
          last.focus();
          last.scrollIntoView({ block: "center" });
        }
      }
    } catch (_) {
      form.submit();
    } finally {
      form.removeAttribute("aria-busy");
    }
  });

  // An open menu closes on a click outside it, or on Escape.
  document.addEventListener("click", (event) => {
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      if (!menu.contains(event.target)) menu.removeAttribute("open");
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of document.querySelectorAll("details.menu[open]")) {
      menu.removeAttribute("open");
      if (menu.contains(document.activeElement)) menu.querySelector("summary").focus();
    }
  });

  // A notice (?notice=flagged) is said once: reloading the page does not repeat it.
  const here = new URL(window.location.href);
  if (here.searchParams.has("notice")) {
    here.searchParams.delete("notice");
    history.replaceState(null, "", here);
  }

  // Choosing a star is the rating: no extra button press needed. A click
  // saves at once; arrowing along the stars saves once, on Enter or when the
  // keys have rested a moment, not at every half star passed on the way.
  const RATING_PAUSE_MS = 800;
  let ratingTimer = null;
  // Set by a press on the stars, cleared by any key: a change it brings is a click.
  let pointing = false;
  function saveRating(form) {
    clearTimeout(ratingTimer);
    ratingTimer = null;
    if (form.isConnected) form.requestSubmit();
  }
  document.addEventListener("pointerdown", (event) => {
    pointing = event.target instanceof Element && Boolean(event.target.closest(".stars-input"));
  });
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.closest(".stars-input") || !input.form) return;
    const form = input.form;
    clearTimeout(ratingTimer);
    if (pointing) saveRating(form);
    else ratingTimer = setTimeout(() => saveRating(form), RATING_PAUSE_MS);
    pointing = false;
  });
  document.addEventListener("keydown", (event) => {
    pointing = false;
    const input = event.target;
    if (event.key !== "Enter" || !(input instanceof HTMLInputElement) || !input.closest(".stars-input") || !input.form) return;
    event.preventDefault();
    saveRating(input.form);
  });

  // Search as you type: a short list of matching books under the box.
  const box = document.getElementById("site-search");
  if (box) {
    const list = document.createElement("ul");
    list.id = "search-suggestions";
    list.className = "suggestions";
    list.hidden = true;
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");
    box.setAttribute("autocomplete", "off");
    box.form.appendChild(list);
    let timer = null;
    let asked = "";
    box.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = box.value.trim();
        asked = q;
        if (q.length < 2) {
          list.hidden = true;
          box.setAttribute("aria-expanded", "false");
          return;
        }
        const response = await fetch("/api/v1/search?q=" + encodeURIComponent(q));
        if (!response.ok || asked !== q) return;
        const found = await response.json();
        list.replaceChildren(
          ...found.books.slice(0, 8).map((book) => {
            const li = document.createElement("li");
            const a = document.createElement("a");
            a.href = "/books/" + book.id;
            a.textContent = book.title + (book.authors.length ? " — " + book.authors.map((x) => x.name).join(", ") : "");
            li.appendChild(a);
            return li;
          })
        );
        list.hidden = list.children.length === 0;
        box.setAttribute("aria-expanded", String(!list.hidden));
      }, 150);
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        list.hidden = true;
        box.setAttribute("aria-expanded", "false");
      }
    });
  }
})();
