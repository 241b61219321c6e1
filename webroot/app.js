// Slipway dashboard behaviour on top of htmx: resume log streams where they stopped, and follow the log's tail.
(function () {
  "use strict";

  function lastLine() {
    var log = document.querySelector("[data-log]");
    var last = log && log.lastElementChild;
    return last ? last.getAttribute("data-n") : null;
  }

  // htmx's SSE extension opens a fresh EventSource after an error, which would replay the whole log:
  // ask the server only for the lines after the last one on the page.
  htmx.createEventSource = function (url) {
    var target = new URL(url, window.location.href);
    var after = lastLine();
    if (after) {
      target.searchParams.set("after", after);
    }
    return new EventSource(target.toString(), { withCredentials: true });
  };

  // The log scrolls inside its own box, so the job's state and progress stay in sight; it follows the tail unless
  // the reader scrolled up to read.
  function following(log) {
    return log.scrollTop + log.clientHeight >= log.scrollHeight - 60;
  }

  // Whether to follow is decided by the reader's scrolling (scroll does not bubble: capture it), and the box is
  // scrolled at most once a frame: measuring layout on every line makes a long catch-up quadratic.
  document.addEventListener("scroll", function (event) {
    var log = event.target;
    // Only the reader's own scrolling counts, not the scroll this script did (its position is remembered).
    if (log.matches && log.matches("[data-log]") && String(log.scrollTop) !== log.dataset.autoTop) {
      log.dataset.follow = following(log) ? "1" : "";
    }
  }, true);

  var scheduled = false;
  document.addEventListener("htmx:sseMessage", function (event) {
    var log = event.target.closest && event.target.closest("[data-log]");
    if (!log || log.dataset.follow === "" || scheduled) {
      return;
    }
    scheduled = true;
    requestAnimationFrame(function () {
      scheduled = false;
      if (log.isConnected && log.dataset.follow !== "") {
        log.scrollTop = log.scrollHeight;
        log.dataset.autoTop = String(log.scrollTop);
      }
    });
  });
})();
