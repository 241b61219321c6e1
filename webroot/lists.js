// Lists and announcements on top of htmx: filter forms that push only the filters set, live lists that keep what they
// show when a refresh fails, and polite announcements of state changes (jobs, containers) for screen readers.
(function () {
  "use strict";

  // The Images and Containers filters leave their empty fields out of the request, so the URL pushed (to bookmark or
  // share) holds only the filters that are set.
  document.addEventListener("htmx:configRequest", function (event) {
    if (!event.target.matches || !event.target.matches("form.list-filters")) {
      return;
    }
    var params = event.detail.parameters;
    Object.keys(params).forEach(function (name) {
      if (params[name] === "" || (name === "filter" && params[name] === "all")) {
        delete params[name];
      }
    });
  });

  // A live list's refresh that fails (a node away, the server restarting) or answers another page (the login page,
  // once the session has ended) keeps the rows shown; the next one tries again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-live-list") && (event.detail.xhr.status >= 400
        || String(event.detail.serverResponse).indexOf('id="' + target.id + '"') < 0)) {
      event.detail.shouldSwap = false;
      event.detail.isError = false;
    }
  });

  // Every element with data-live-key (a job's row or status, a container's row) says its state in data-live-state and
  // what it is in data-live-name. After a swap, the ones whose state changed are announced in #announcer (polite, so
  // it waits for the reader to finish; the log itself is never announced line by line).
  var known = snapshot();

  function snapshot() {
    var states = {};
    document.querySelectorAll("[data-live-key]").forEach(function (element) {
      states[element.getAttribute("data-live-key")] = {
        state: element.getAttribute("data-live-state"),
        name: element.getAttribute("data-live-name")
      };
    });
    return states;
  }

  function announce(message) {
    var announcer = document.getElementById("announcer");
    if (!announcer) {
      return;
    }
    // Emptied first, so the same words said twice (two jobs that succeed in turn) are read twice.
    announcer.textContent = "";
    setTimeout(function () {
      announcer.textContent = message;
    }, 100);
  }

  function compare() {
    var now = snapshot();
    var changes = [];
    Object.keys(now).forEach(function (key) {
      var before = known[key];
      if (before && before.state !== now[key].state && now[key].state) {
        changes.push(now[key].name + ": " + now[key].state);
      }
    });
    known = now;
    if (changes.length > 3) {
      announce(changes.length + " state changes: " + changes.slice(0, 3).join("; ") + "; …");
    } else if (changes.length > 0) {
      announce(changes.join("; "));
    }
  }

  document.addEventListener("htmx:afterSettle", compare);
  document.addEventListener("htmx:sseMessage", function () {
    setTimeout(compare, 0);
  });
  // A boosted navigation shows another page: what it shows is the new baseline, nothing changed state.
  document.addEventListener("htmx:beforeHistorySave", function () {
    known = {};
  });
  document.addEventListener("DOMContentLoaded", function () {
    known = snapshot();
  });
})();
