// Dogear's small enhancements. Every page and form works without this file;
// with it, forms marked data-enhance post in the background, star ratings
// save as soon as they are chosen, and the search box suggests as you type.
(() => {
  "use strict";

  // Swaps in the main content (and header, for counts) of the page a form led to.
  function adopt(html, url) {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const main = doc.querySelector("main");
    if (!main) return false;
    const focusedId = document.activeElement && document.activeElement.id;
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
      if (!adopt(html, response.ok ? response.url : null)) {
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

  // Choosing a star is the rating: no extra button press needed.
  document.addEventListener("change", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.closest(".stars-input") && input.form) {
      input.form.requestSubmit();
    }
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
