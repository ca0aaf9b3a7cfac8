// Fill the access date of every "cite this table" block with today's date (ISO 8601). The built
// pages stay byte-identical; the date is the reader's, as a citation needs.
document.addEventListener("DOMContentLoaded", () => {
  const today = new Date().toISOString().slice(0, 10);
  document.querySelectorAll(".mg-access-date").forEach((el) => { el.textContent = today; });
});
