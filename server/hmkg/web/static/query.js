// Start YASGUI on the query page: this server's endpoint, one tab per competency question,
// persistence keyed by the release version, and nothing that calls other hosts.
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
    yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null },
  });

  // Returning visitors keep their tabs; a question missing from them is added again.
  var hasActive = Boolean(yasgui.getTab());
  config.tabs.forEach(function (example, index) {
    if (yasgui.tabNameTaken(example.name)) return;
    yasgui.addTab(!hasActive && index === 0, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: config.endpoint },
    });
  });
  window.hmkgYasgui = yasgui;

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
    window.requestAnimationFrame(function () { pending = false; repairAccessibility(); });
  }).observe(holder, { childList: true, subtree: true });
  repairAccessibility();
})();
