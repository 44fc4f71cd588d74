// Start YASGUI on the query page: this server's endpoint, a picker of competency questions
// (each opens in a new tab, so editing one never changes the example), result links to this
// server's own pages, persistence keyed by the release version, nothing that calls other hosts.
(function () {
  "use strict";
  var holder = document.getElementById("yasgui");
  var config = JSON.parse(document.getElementById(holder.dataset.configId).textContent);
  document.documentElement.classList.add("js");

  var yasgui = new Yasgui(holder, {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    autoAddOnInit: false,
    persistenceId: config.persistenceId,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    // The class and property autocompleters ask Linked Open Vocabularies on the internet;
    // prefixCcApi stays null so the bundled prefix list is used.
    yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null, value: config.blank },
  });

  function openExample(id) {
    var example = config.examples.filter(function (e) { return e.id === id; })[0];
    if (!example) return;
    yasgui.addTab(true, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint },
    });
  }

  var picker = document.getElementById("cq-picker-form");
  picker.addEventListener("submit", function (event) {
    event.preventDefault();
    openExample(picker.elements.cq.value);
  });
  if (config.open) {
    openExample(config.open);
  } else if (!yasgui.getTab()) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: config.blank },
                          requestConfig: { endpoint: config.endpoint } });
  }
  window.hmkgYasgui = yasgui;

  // Result cells link IRIs to themselves; under hmkg's base they are served here, so point
  // them at this server (w3id.org would only redirect back, or nowhere when offline).
  function localLinks() {
    holder.querySelectorAll('a[href^="' + config.localBase + '/"]').forEach(function (link) {
      link.setAttribute("href", link.getAttribute("href").slice(config.localBase.length));
      link.removeAttribute("target");
    });
  }

  // YASGUI draws tabs and editors lazily; after each redraw, fix what an accessibility
  // checker (axe-core) flags: unnamed inputs, ARIA links to panels not drawn yet, a button
  // inside the tab list, and scrolling regions keyboard users cannot reach.
  function repairAccessibility() {
    holder.querySelectorAll("a[role=tab]").forEach(function (tab) {
      var target = tab.getAttribute("aria-controls") || tab.dataset.controls;
      if (!target) return;
      tab.dataset.controls = target;
      if (document.getElementById(target)) tab.setAttribute("aria-controls", target);
      else tab.removeAttribute("aria-controls");
    });
    holder.querySelectorAll(".tabsList button.addTab").forEach(function (button) {
      var list = button.closest(".tabsList");
      list.parentNode.insertBefore(button, list.nextSibling);
    });
    label(".autocomplete, .endpointText input", "SPARQL endpoint");
    label(".CodeMirror textarea", "SPARQL query");
    label(".tab input[type=text]", "Tab name");
    label(".tableSizer", "Rows per page");
    holder.querySelectorAll("input, select, textarea").forEach(function (field) {
      var named = field.labels && field.labels.length;
      var hint = field.getAttribute("title") || field.getAttribute("placeholder") || field.className;
      if (!named && !field.getAttribute("aria-label") && hint) field.setAttribute("aria-label", hint);
    });
    holder.querySelectorAll(".CodeMirror-scroll, .dataTables_scrollBody").forEach(function (region) {
      if (region.getAttribute("tabindex") !== "0") region.setAttribute("tabindex", "0");
    });
  }
  function label(selector, text) {
    holder.querySelectorAll(selector).forEach(function (element) {
      if (!element.getAttribute("aria-label")) element.setAttribute("aria-label", text);
    });
  }
  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repairAccessibility(); localLinks(); });
  }).observe(holder, { childList: true, subtree: true });
  repairAccessibility();
})();
