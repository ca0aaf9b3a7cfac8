// The "cite this table" blocks. Fill the access date of every citation with today's date (ISO 8601; written out in a
// data-locale's words):
// the built pages stay byte-identical, and the date is the reader's, as a citation needs. Each copy
// button copies the citation beside it (plain text, or BibTeX) with that date in it.
document.addEventListener("DOMContentLoaded", () => {
  const today = new Date().toISOString().slice(0, 10);
  // a date in another language's plain-text citation (data-locale) is written out in that language's words
  const words = { year: "numeric", month: "long", day: "numeric" };
  document.querySelectorAll(".mg-access-date").forEach((el) => {
    el.textContent = el.dataset.locale ? new Date().toLocaleDateString(el.dataset.locale, words) : today;
  });

  const copy = (text) => {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    const area = document.createElement("textarea");  // file:// and plain http: no Clipboard API
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  };

  document.querySelectorAll(".mg-cite").forEach((block) => {
    const [textButton, bibtexButton] = block.querySelectorAll(".mg-copy");
    const sources = [[textButton, ".mg-cite-text"], [bibtexButton, ".mg-cite-bibtex"]];
    sources.forEach(([button, selector]) => {
      if (!button) return;
      const label = button.textContent;
      button.addEventListener("click", () => {
        copy(block.querySelector(selector).textContent).then(() => {
          button.textContent = button.dataset.copied;
          setTimeout(() => { button.textContent = label; }, 1500);
        }, () => {});
      });
    });
  });
});
