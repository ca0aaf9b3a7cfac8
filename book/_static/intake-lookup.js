// The intake lookup (mgtables/lookup.py writes the form and every answer into the page as JSON).
// The script finds the age band and shows the answer written for it; the rules live in mgtables.
(function () {
  function show(form, data) {
    const out = form.querySelector(".mg-lookup-answer");
    const raw = form.elements.age.value.trim().replace(",", ".");
    const age = Number(raw);
    const months = form.elements.unit.value === "years" ? age * 12 : age;
    out.replaceChildren();
    let message = null;
    if (raw === "" || !Number.isFinite(age)) message = data.messages.not_a_number;
    else if (age < 0) message = data.messages.negative;
    else if (months > data.oldest_months) message = data.messages.too_old;
    const band = message ? null : data.bands.find((b) => b.sex === form.elements.sex.value &&
      b.stage === form.elements.stage.value && b.from_m <= months && months < b.to_m);
    const answer = band ? band.answer : { error: message || data.messages.too_old };
    if (answer.error) {
      const p = document.createElement("p");
      p.className = "mg-lookup-error";
      p.textContent = answer.error;
      out.append(p);
      form.elements.age.setAttribute("aria-invalid", String(Boolean(message)));
      return;
    }
    form.elements.age.removeAttribute("aria-invalid");
    const table = document.createElement("table");
    table.className = "mg-table mg-lookup-table";
    const head = table.createTHead().insertRow();
    data.columns.forEach((c) => { const th = document.createElement("th"); th.textContent = c; head.append(th); });
    const body = table.createTBody();
    answer.rows.forEach((r) => { const tr = body.insertRow(); r.forEach((v) => { tr.insertCell().textContent = v; }); });
    out.append(table);
  }
  document.querySelectorAll("form.mg-lookup").forEach((form) => {
    const data = JSON.parse(form.querySelector(".mg-lookup-data").textContent);
    form.addEventListener("submit", (event) => { event.preventDefault(); show(form, data); });
  });
})();
