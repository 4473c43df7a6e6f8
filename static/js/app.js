// BaZi Master's own script: theme, the birth-data form and small
// enhancements. Loaded from the
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

// Birth-data form. Everything here is an enhancement: without it the form
// posts normally and the server resolves the birthplace by name. Listeners
// are delegated to the document because htmx replaces the form when it
// shows errors.
(function () {
  "use strict";

  function formOf(el) { return el && el.closest ? el.closest("[data-birth-form]") : null; }

  // The time input is off while "time unknown" is ticked; only the date
  // fields of the chosen calendar are shown (without the script both are,
  // and the server reads the ones the calendar names).
  function sync(form) {
    if (!form) { return; }
    var unknown = form.querySelector("[data-time-unknown]");
    var time = form.querySelector("input[name=time]");
    if (unknown && time) { time.disabled = unknown.checked; }
    var lunar = form.querySelector("input[name=calendar][value=lunar]");
    var groups = form.querySelectorAll("[data-calendar-fields]");
    for (var i = 0; lunar && i < groups.length; i++) {
      groups[i].hidden = groups[i].getAttribute("data-calendar-fields") !== (lunar.checked ? "lunar" : "solar");
    }
  }

  function syncAll() {
    var forms = document.querySelectorAll("[data-birth-form]");
    for (var i = 0; i < forms.length; i++) {
      sync(forms[i]);
      showResolved(forms[i]);
    }
  }

  function closeSuggestions(form) {
    var list = form.querySelector("[data-place-suggestions]");
    if (list) { list.innerHTML = ""; }
    var input = form.querySelector("[data-place-input]");
    if (input) { input.setAttribute("aria-expanded", "false"); }
  }

  function showResolved(form) {
    var out = form.querySelector("[data-place-resolved]");
    var tz = form.querySelector("[data-place-tz]");
    var lon = form.querySelector("[data-place-lon]");
    var lat = form.querySelector("[data-place-lat]");
    if (!out || !tz) { return; }
    var parts = [tz.value];
    if (lon && lon.value) { parts.push(lon.value + "°" + (lat && lat.value ? ", " + lat.value + "°" : "")); }
    out.textContent = parts.join(" · ");
    out.hidden = !tz.value;
  }

  function pick(option) {
    var form = formOf(option);
    if (!form) { return; }
    var fields = { "[data-place-input]": "name", "[data-place-tz]": "tz", "[data-place-lon]": "lon", "[data-place-lat]": "lat" };
    for (var sel in fields) {
      var el = form.querySelector(sel);
      if (el) {
        el.value = option.getAttribute("data-" + fields[sel]) || "";
        if (sel !== "[data-place-input]") { el.setAttribute("data-autofilled", ""); }
      }
    }
    closeSuggestions(form);
    showResolved(form);
    var input = form.querySelector("[data-place-input]");
    if (input) { input.focus(); }
  }

  function options(form) {
    return Array.prototype.slice.call(form.querySelectorAll("[data-place-option]"));
  }

  document.addEventListener("click", function (e) {
    var option = e.target.closest && e.target.closest("[data-place-option]");
    if (option) {
      e.preventDefault();
      pick(option);
    }
  });

  document.addEventListener("change", function (e) {
    var form = formOf(e.target);
    if (form && (e.target.name === "time_unknown" || e.target.name === "calendar")) { sync(form); }
    if (form && e.target.hasAttribute && e.target.hasAttribute("data-place-tz")) { showResolved(form); }
  });

  // Typing a new place forgets the zone and coordinates a pick filled in,
  // so they never belong to another city; values typed by hand stay.
  document.addEventListener("input", function (e) {
    var form = formOf(e.target);
    if (!form) { return; }
    if (e.target.hasAttribute("data-place-input")) {
      var filled = form.querySelectorAll("[data-autofilled]");
      for (var i = 0; i < filled.length; i++) {
        filled[i].value = "";
        filled[i].removeAttribute("data-autofilled");
      }
      showResolved(form);
    } else if (e.target.hasAttribute("data-autofilled")) {
      e.target.removeAttribute("data-autofilled");
    }
  });

  // Keyboard: ArrowDown from the place field enters the list, arrows move
  // through it, Escape closes it.
  document.addEventListener("keydown", function (e) {
    var form = formOf(e.target);
    if (!form) { return; }
    var inInput = e.target.hasAttribute("data-place-input");
    var inList = e.target.hasAttribute("data-place-option");
    if (!inInput && !inList) { return; }
    var opts = options(form);
    if (e.key === "Escape" && opts.length) {
      e.preventDefault();
      closeSuggestions(form);
      form.querySelector("[data-place-input]").focus();
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") { return; }
    if (!opts.length) { return; }
    e.preventDefault();
    var i = inList ? opts.indexOf(e.target) : -1;
    i += e.key === "ArrowDown" ? 1 : -1;
    if (i < 0) {
      form.querySelector("[data-place-input]").focus();
    } else {
      opts[Math.min(i, opts.length - 1)].focus();
    }
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    var target = e.detail && e.detail.target;
    if (!target) { return; }
    if (target.hasAttribute("data-place-suggestions")) {
      var form = formOf(target);
      var input = form && form.querySelector("[data-place-input]");
      if (input) { input.setAttribute("aria-expanded", target.querySelector("[data-place-option]") ? "true" : "false"); }
      // Nothing found: open the manual time zone and longitude fields.
      if (form && target.querySelector("[data-place-empty]")) {
        var manual = form.querySelector("[data-manual-place]");
        if (manual) { manual.open = true; }
      }
      return;
    }
    syncAll();
    // The form came back with an error: take the keyboard to it.
    var invalid = document.querySelector("[data-birth-form] [aria-invalid=true]");
    if (invalid) { invalid.focus(); }
  });

  document.addEventListener("DOMContentLoaded", syncAll);
})();

// Chart page: the print button (hidden without JavaScript, where the
// browser's own print command still uses the print stylesheet).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () { window.print(); });
    });
  });
})();

// Print in the light theme whatever the screen uses: paper is white.
(function () {
  "use strict";
  var wasDark = false;
  window.addEventListener("beforeprint", function () {
    wasDark = document.documentElement.classList.contains("dark");
    document.documentElement.classList.remove("dark");
  });
  window.addEventListener("afterprint", function () {
    if (wasDark) { document.documentElement.classList.add("dark"); }
  });
})();

// Saved chart: the share link's copy button (hidden without JavaScript,
// where the link stays selectable in its read-only box).
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (btn) {
      var input = document.querySelector(btn.getAttribute("data-copy"));
      if (!input) { return; }
      btn.hidden = false;
      var label = btn.textContent;
      btn.addEventListener("click", function () {
        var done = function () {
          btn.textContent = btn.getAttribute("data-copied") || label;
          window.setTimeout(function () { btn.textContent = label; }, 2000);
        };
        input.select();
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
        } else {
          document.execCommand("copy");
          done();
        }
      });
    });
  });
})();

// AI readings. Stop: swapping the streaming element out through htmx
// cleans it up, which closes its EventSource; the server sees the
// disconnect, cancels the AI request and keeps what was written. The text
// written so far stays on the page. Refusals (quota, a reading already in
// progress) are 4xx fragments meant to be shown in place.
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var btn = e.target.closest && e.target.closest("[data-reading-stop]");
    if (!btn) { return; }
    var box = btn.closest("[data-reading-stream]");
    if (!box) { return; }
    e.preventDefault();
    var text = box.querySelector("[data-reading-text]");
    var out = document.createElement("div");
    out.className = "space-y-3";
    out.setAttribute("data-testid", "reading-stopped-local");
    // The rendered text so far, as shown (its open block no longer
    // listening to the stream).
    var p = text ? text.cloneNode(true) : document.createElement("div");
    p.setAttribute("data-testid", "reading-text");
    p.querySelectorAll("[sse-swap]").forEach(function (el) {
      el.removeAttribute("sse-swap");
      el.removeAttribute("id");
    });
    var note = document.createElement("p");
    note.className = "text-sm text-stone-600 dark:text-stone-400";
    note.setAttribute("data-testid", "reading-stopped");
    note.textContent = btn.getAttribute("data-stopped") || "";
    out.appendChild(p);
    out.appendChild(note);
    if (window.htmx && window.htmx.swap) {
      window.htmx.swap(box, out.outerHTML, { swapStyle: "outerHTML", swapDelay: 0, settleDelay: 0 });
    } else {
      box.replaceWith(out);
    }
  });

  // While a reading streams, every Start and Regenerate button is off:
  // one reading at a time, and a second Start must not replace the live
  // one. A stream whose EventSource closed (done, Stop, removed) is over.
  function syncStart() {
    var live = document.querySelector("[data-reading-stream][sse-connect]:not([data-reading-ended])");
    document.querySelectorAll("[data-reading-start]").forEach(function (b) {
      b.disabled = !!live;
    });
  }
  document.addEventListener("htmx:sseClose", function (e) {
    var box = e.target;
    if (box && box.setAttribute) { box.setAttribute("data-reading-ended", ""); }
    window.setTimeout(syncStart, 0);
  });
  document.addEventListener("htmx:afterSettle", syncStart);
  document.addEventListener("DOMContentLoaded", syncStart);
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-reading-stop]")) { window.setTimeout(syncStart, 0); }
  });

  document.addEventListener("htmx:beforeSwap", function (e) {
    var d = e.detail;
    if (!d || !d.xhr || d.xhr.status < 400 || d.xhr.status >= 500) { return; }
    var t = d.target;
    if (t && t.closest && (t.closest("[data-reading-panel]") || t.closest("[data-reading-result]") || t.closest("[data-reading-notice]"))) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });

  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail && e.detail.elt;
    // Only a question taken is cleared: a refused one stays, to edit or resend.
    var xhr = e.detail && e.detail.xhr;
    if (form && form.hasAttribute && form.hasAttribute("data-chat-form") && e.detail.successful && xhr && xhr.status < 400) {
      form.reset();
    }
  });
})();

// Luck timeline: bring the chosen 大运 (else the one running now) to the
// middle of its strip, on load and after a choice made in place. Only the
// strip scrolls sideways; the page stays where it is.
(function () {
  "use strict";
  function centre() {
    var strip = document.getElementById("luck-pillars");
    if (!strip) { return; }
    var item = strip.querySelector("[data-selected]") || strip.querySelector("[aria-current]");
    if (!item) { return; }
    var s = strip.getBoundingClientRect();
    var r = item.getBoundingClientRect();
    strip.scrollLeft += (r.left + r.width / 2) - (s.left + s.width / 2);
  }
  document.addEventListener("DOMContentLoaded", centre);
  document.addEventListener("htmx:afterSettle", centre);
})();

// The header's menus (Modules from 1024 px, Menu below it: details
// disclosures, complete without this): Escape closes an open one and
// returns focus to its button; a click outside closes it.
(function () {
  "use strict";
  function openMenus() { return document.querySelectorAll("[data-site-menu][open]"); }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") { return; }
    openMenus().forEach(function (menu) {
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary && summary.getClientRects().length) { summary.focus(); }
    });
  });
  document.addEventListener("click", function (e) {
    openMenus().forEach(function (menu) {
      if (!menu.contains(e.target)) { menu.open = false; }
    });
  });
})();
