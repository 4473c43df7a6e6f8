// BaZi Master's own script: theme and small enhancements. Loaded from the
// page head (no inline scripts, so the Content-Security-Policy forbids them).
(function () {
  "use strict";
  var root = document.documentElement;
  var stored = null;
  try { stored = localStorage.getItem("theme"); } catch (e) { /* storage blocked */ }
  var prefersDark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  // Apply the theme before the body paints, to avoid a flash of the wrong one.
  if (stored === "dark" || (stored === null && prefersDark)) {
    root.classList.add("dark");
  }

  function toggleTheme() {
    var dark = root.classList.toggle("dark");
    try { localStorage.setItem("theme", dark ? "dark" : "light"); } catch (e) { /* ignore */ }
    var btn = document.querySelector("[data-theme-toggle]");
    if (btn) { btn.setAttribute("aria-pressed", dark ? "true" : "false"); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var btn = document.querySelector("[data-theme-toggle]");
    if (btn) {
      btn.hidden = false;
      btn.setAttribute("aria-pressed", root.classList.contains("dark") ? "true" : "false");
      btn.addEventListener("click", toggleTheme);
    }
  });
})();
