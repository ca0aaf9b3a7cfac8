// The dose check (mgtables/dose.py writes the form, and per form its elemental fraction and texts, into the page
// as JSON). The script multiplies the amount by the fraction, rounds to a tenth of a mg as mgtables.dose.tenth
// does, compares with the limits written there and fills in the texts; every number and word comes from mgtables.
(function () {
  const tenth = (x) => Math.floor(x * 10 + 0.5) / 10;
  function fill(template, values) {
    return template.replace(/\{([a-z_]+)\}/g, (m, name) => values[name]);
  }
  function show(form, data) {
    const out = form.querySelector(".mg-dose-answer");
    const field = form.elements.amount;
    const typed = field.value.trim();
    const written = (x) => tenth(x).toFixed(1).replace(/\.0$/, "").replace(".", data.decimal);
    out.replaceChildren();
    let message = null;
    // mgtables.dose.read_amount: grouped by thousands in the page's language (2.000 in Dutch), else one decimal
    // sign, a point or a comma
    const grouped = new RegExp("^(?:" + data.grouped + ")$").test(typed);
    const amount = grouped ? Number(typed.split(data.group).join("").replace(data.decimal, "."))
      : Number(typed.replace(",", "."));
    if (!(grouped || new RegExp("^(?:" + data.pattern + ")$").test(typed)) || !Number.isFinite(amount)) {
      message = data.messages.not_a_number;
    } else if (amount < 0) message = data.messages.negative;
    else if (amount > data.max_amount) message = data.messages.too_large;
    const paragraph = (words, className, strong) => {
      const p = document.createElement("p");
      if (className) p.className = className;
      if (strong) p.append(Object.assign(document.createElement("strong"), { textContent: words }));
      else p.textContent = words;
      out.append(p);
    };
    if (message) {
      paragraph(message, "mg-lookup-error");
      field.setAttribute("aria-invalid", "true");
      return;
    }
    field.removeAttribute("aria-invalid");
    const chosen = data.forms.find((f) => f.form === form.elements.form.value);
    const salt = form.elements.basis.value === "salt";
    const mg = salt ? tenth(amount * chosen.fraction) : tenth(amount);
    const verdicts = data.limits.map((l) => (mg < l.value ? "under" : mg === l.value ? "at" : "over"));
    const over = verdicts.filter((v) => v === "over").length;
    const summary = over ? "summary_over" : verdicts.includes("at") ? "summary_at" : "summary_under";
    paragraph(fill(data.texts[summary], { count: String(over), total: String(data.limits.length) }),
      "mg-dose-summary", true);
    if (salt) {
      paragraph(fill(data.texts.salt, { amount: written(amount), form: chosen.form_name, mg: written(mg) }));
      paragraph(chosen.assumed);
      if (chosen.unverified) paragraph(chosen.unverified);
      if (chosen.others.length) {
        const items = chosen.others.map((o) =>
          fill(data.texts.other_item, { salt: o.salt, mg: written(amount * o.fraction) }));
        paragraph(fill(data.texts.others, { others: items.join("; ") }));
      }
    } else {
      paragraph(fill(data.texts.elemental, { mg: written(mg), form: chosen.form_name }));
    }
    data.limits.forEach((l, i) => paragraph(fill(l.texts[verdicts[i]], { mg: written(mg) })));
    paragraph(data.texts.scope);
  }
  document.querySelectorAll("form.mg-dose").forEach((form) => {
    const data = JSON.parse(form.querySelector(".mg-dose-data").textContent);
    form.addEventListener("submit", (event) => { event.preventDefault(); show(form, data); });
  });
})();
