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
})();
