// Links to lines of a job's log (/jobs/{id}#L123) and the log search's results (logSearch.jte): Previous and Next go
// from one matching line to the next, and each shows its line in the log with what matched marked. The box itself
// (following, trimming, earlier lines) is log.js's.
(function () {
  "use strict";

  // A link to a line: /jobs/{id}#L123 scrolls the log to line 123 and marks it. The page replays the log from its
  // start, so the jump waits until the lines stored when the page was made have come (data-log-stored; a line
  // still to come, until it comes or the stream ends): jumping on the first page would stop the trimming while
  // the rest of a long log streams in. A line the page let go (or never held) is loaded with the lines around it,
  // in place of the notice that stood for it, leaving a notice for the rest of the gap on each side.
  var AROUND = 500;
  var pending = null;

  function numberOf(element) {
    return element ? Number(element.getAttribute("data-n")) : 0;
  }

  function settle() {
    var log = document.querySelector("[data-log]");
    if (pending === null || !log) {
      return;
    }
    var stored = Number(log.getAttribute("data-log-stored")) || 0;
    if (numberOf(log.lastElementChild) >= Math.max(pending, stored) || log.dataset.ended) {
      var n = pending;
      pending = null;
      jumpTo(n);
    }
  }

  function loadAround(log, notice, n) {
    var hidden = Number(notice.getAttribute("data-log-earlier"));
    var from = Number(notice.getAttribute("data-log-from")) || 1;
    var before = Math.min(hidden + 1, n + AROUND);
    var url = log.getAttribute("data-log-lines") + "?before=" + before + (from > 1 ? "&after=" + (from - 1) : "");
    return fetch(url, { headers: { "HX-Request": "true" } }).then(function (response) {
      return response.ok ? response.text() : Promise.reject(new Error(response.status));
    }).then(function (html) {
      if (!notice.isConnected) {
        return;
      }
      var lines = document.createElement("template");
      lines.innerHTML = html;
      if (before <= hidden) {
        lines.content.appendChild(window.slipwayLog.notice(log, hidden, before));
      }
      var notices = Array.prototype.slice.call(lines.content.querySelectorAll(".log-earlier"));
      notice.replaceWith(lines.content);
      notices.forEach(function (added) {
        htmx.process(added);
      });
    });
  }

  function noticeHolding(log, n) {
    var notices = log.querySelectorAll(":scope > [data-log-earlier]");
    for (var i = 0; i < notices.length; i++) {
      var from = Number(notices[i].getAttribute("data-log-from")) || 1;
      if (n >= from && n <= Number(notices[i].getAttribute("data-log-earlier"))) {
        return notices[i];
      }
    }
    return null;
  }

  // Scrolls the log (and the page, as little as it takes) to line n and marks it; resolves to the line, or null.
  // The log stops following the tail at once, so no trimming takes away the notice being replaced meanwhile.
  function jumpTo(n, again) {
    var log = document.querySelector("[data-log]");
    var line = log && document.getElementById("L" + n);
    var notice = log && !line && noticeHolding(log, n);
    if (!notice) {
      return Promise.resolve(line ? show(log, line) : null);
    }
    log.dataset.follow = "";
    return loadAround(log, notice, n).then(function () {
      var loaded = document.getElementById("L" + n);
      return loaded ? show(log, loaded) : again ? null : jumpTo(n, true);
    }, function () {
      return null;
    });
  }

  function mark(log, line) {
    log.querySelectorAll(".ln-target").forEach(function (marked) {
      marked.classList.remove("ln-target");
    });
    line.classList.add("ln-target");
  }

  function show(log, line) {
    mark(log, line);
    log.dataset.follow = "";
    log.scrollTop = line.offsetTop - (log.clientHeight - line.offsetHeight) / 2;
    log.scrollIntoView({ block: "nearest" });
    return line;
  }

  function lineInAddress() {
    var match = /^#L(\d+)$/.exec(window.location.hash);
    return match ? Number(match[1]) : null;
  }

  function jumpToAddress() {
    pending = lineInAddress();
    settle();
  }

  window.addEventListener("hashchange", jumpToAddress);
  document.addEventListener("htmx:sseMessage", settle);
  document.addEventListener("htmx:sseClose", function (event) {
    var log = event.target.querySelector && event.target.querySelector("[data-log]");
    if (log) {
      log.dataset.ended = "1";
      settle();
    }
  });
  // A boosted navigation brings a new job page (with its own log) without a load event.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target === document.body) {
      jumpToAddress();
    }
  });
  // Clicking a line's number makes the address a link to that line.
  document.addEventListener("click", function (event) {
    var number = event.target.closest && event.target.closest("[data-log] .ln > .n");
    if (number) {
      history.replaceState(history.state, "", "#L" + numberOf(number.parentElement));
      mark(number.closest("[data-log]"), number.parentElement);
    }
  });

  // Marks where the line matched: offsets into its text as shown, which is the text of the result too. Text nodes
  // only, never HTML.
  function markMatches(line, at) {
    document.querySelectorAll("[data-log] .ln mark").forEach(function (mark) {
      var text = mark.parentNode;
      if (text) {
        text.textContent = text.textContent;
      }
    });
    var text = line.querySelector(".t");
    var content = text ? text.textContent : "";
    var pieces = document.createDocumentFragment();
    var done = 0;
    (at || "").split(" ").forEach(function (span) {
      var bounds = span.split("-").map(Number);
      if (bounds.length !== 2 || !(bounds[0] >= done) || !(bounds[1] > bounds[0]) || bounds[1] > content.length) {
        return;
      }
      pieces.append(content.slice(done, bounds[0]));
      var mark = document.createElement("mark");
      mark.textContent = content.slice(bounds[0], bounds[1]);
      pieces.append(mark);
      done = bounds[1];
    });
    if (text && done > 0) {
      pieces.append(content.slice(done));
      text.replaceChildren(pieces);
    }
  }

  function select(item) {
    var results = item.closest("[data-search-results]");
    var items = results.querySelectorAll("li[data-line]");
    results.querySelectorAll("li[aria-current]").forEach(function (current) {
      current.removeAttribute("aria-current");
    });
    item.setAttribute("aria-current", "true");
    results.querySelector("[data-search-position]").textContent =
        (Array.prototype.indexOf.call(items, item) + 1) + " of " + items.length;
    item.scrollIntoView({ block: "nearest" });
    var n = Number(item.getAttribute("data-line"));
    history.replaceState(history.state, "", "#L" + n);
    jumpTo(n).then(function (line) {
      if (line) {
        markMatches(line, item.getAttribute("data-at"));
      }
    });
  }

  function step(button) {
    var results = button.closest("[data-search-results]");
    var items = results.querySelectorAll("li[data-line]");
    var current = Array.prototype.indexOf.call(items, results.querySelector("li[aria-current]"));
    var by = Number(button.getAttribute("data-search-step"));
    var next = current < 0 ? (by > 0 ? 0 : items.length - 1) : (current + by + items.length) % items.length;
    select(items[next]);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-search-step]");
    if (button) {
      step(button);
      return;
    }
    // A result on this job's own page shows its line in place (a click with a modifier opens it as a link does).
    var link = event.target.closest && event.target.closest("[data-search-results] li[data-line] > a");
    if (link && link.pathname === window.location.pathname && event.button === 0 && !event.ctrlKey
        && !event.metaKey && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      select(link.parentElement);
    }
  });

  // Previous and Next need this script: they show only with it.
  function enableSteps(root) {
    root.querySelectorAll("[data-search-step]").forEach(function (button) {
      button.hidden = false;
    });
  }

  document.addEventListener("htmx:load", function (event) {
    enableSteps(event.target);
  });
  enableSteps(document);
  jumpToAddress();
})();
