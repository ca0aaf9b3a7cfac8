// Every figure of a chapter opens at full size: its image becomes a link to the SVG itself (the browser
// shows it at its own width, to zoom and scroll). The built pages stay byte-identical.
document.addEventListener("DOMContentLoaded", () => {
  const label = document.documentElement.lang.startsWith("nl") ? "Figuur op volle grootte openen" : "Open the figure at full size";
  document.querySelectorAll("article figure img").forEach((img) => {
    if (img.closest("a") || !img.getAttribute("src").endsWith(".svg")) return;
    const link = document.createElement("a");
    link.href = img.getAttribute("src");
    link.className = "mg-figure-link";
    link.title = label;
    img.replaceWith(link);
    link.appendChild(img);
  });
});
